// Timeouts of in-process calls: a join-backend call has a deadline (join_timeout), and
// a plugin in joinery's process that ignores it, or a stop, is abandoned rather than
// waited for: the joiner goes on (with a new instance), shutdown is not held up.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "base/abandoned_calls.hpp"
#include "base/bounded_call.hpp"
#include "catalog/registry.hpp"
#include "isolation/isolation_harness.hpp"
#include "join/backend_join.hpp"
#include "support/joinery_run.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class InProcessCallTimeout : public ::testing::Test {
 protected:
  join::BackendJoin prepare(plugins::KeyValues keys, std::chrono::nanoseconds timeout) {
    keys.emplace_back("state_file", (dir_.path() / "joins").string());
    return join::BackendJoin::prepare(registry_, "LAN", {"misbehaving", keys, "test", timeout},
                                      stop_, nullptr);
  }
  std::size_t joins() const {
    std::ifstream in(dir_.path() / "joins");
    std::size_t lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    return lines;
  }

  TempDir dir_;
  plugins::Registry registry_{fixture_search_path({"misbehaving"})};
  std::shared_ptr<plugins::StopSource> stop_ = std::make_shared<plugins::StopSource>();
};

TEST_F(InProcessCallTimeout, TheDeadlineReachesAnInProcessBackend) {
  join::BackendJoin join = prepare({{"fault", "wait_cancel"}}, 200ms);
  const join::JoinResult result = join.join({"10.0.0.1"});
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error, "deadline passed");  // the plugin's own words: it returned
}

TEST_F(InProcessCallTimeout, AJoinThatIgnoresItsDeadlineIsAbandonedAndTheNextGetsANewInstance) {
  join::BackendJoin join = prepare({{"fault", "hang"}, {"fault_times", "1"}}, 200ms);
  const std::size_t abandoned = plugins::abandoned_calls_running();
  const join::JoinResult hung = join.join({"10.0.0.1"});
  EXPECT_FALSE(hung.ok);
  EXPECT_THAT(hung.error, HasSubstr("backend 'misbehaving': join gave no answer within "
                                    "join_timeout (200ms) and was abandoned"));
  EXPECT_THAT(hung.error, HasSubstr("the next attempt uses a new instance"));
  EXPECT_EQ(plugins::abandoned_calls_running(), abandoned + 1);
  const join::JoinResult again = join.join({"10.0.0.1"});
  EXPECT_TRUE(again.ok) << again.error;
  EXPECT_EQ(joins(), 2u);
}

TEST_F(InProcessCallTimeout, AStopEndsAJoinThatIgnoresIt) {
  join::BackendJoin join = prepare({{"fault", "hang"}}, 1h);
  std::thread stopper([this] {
    std::this_thread::sleep_for(100ms);
    stop_->request_stop();
  });
  const join::JoinResult result = join.join({"10.0.0.1"});
  stopper.join();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.error,
              HasSubstr("did not return after the stop (shutdown) and was abandoned"));
}

TEST(InProcessCallTimeoutRun, SigtermEndsARunWhoseInProcessBackendHangs) {
  TempDir dir;
  JoineryRun run("retry_join = [\"10.0.0.1\"]\nplugin_dirs = " +
                 toml_array({isolation_fixture_dir("misbehaving").string()}) +
                 "\n[join.lan]\nbackend = \"misbehaving\"\nfault = \"hang\"\nstate_file = " +
                 toml_string((dir.path() / "joins").string()) + "\n");
  ASSERT_TRUE(run.wait_for_output("Joining cluster...", 20s)) << run.output();
  for (int i = 0; i < 500 && !std::filesystem::exists(dir.path() / "joins"); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(run.stop(SIGTERM), 128 + SIGTERM) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("[INFO]  agent: Caught: signal=terminated"));
}

TEST(InProcessCallTimeoutRun, AnInProcessJoinPastJoinTimeoutIsRetried) {
  TempDir dir;
  JoineryRun run(
      "retry_join = [\"10.0.0.1\"]\nretry_interval = \"10ms\"\njoin_timeout = "
      "\"200ms\"\nplugin_dirs = " +
      toml_array({isolation_fixture_dir("misbehaving").string()}) +
      "\n[join.lan]\nbackend = \"misbehaving\"\nfault = \"hang\"\nfault_times = 1\n"
      "state_file = " +
      toml_string((dir.path() / "joins").string()) + "\n");
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("join gave no answer within join_timeout (200ms)"));
  EXPECT_THAT(run.output(), HasSubstr("Join cluster completed"));
}

}  // namespace
}  // namespace joinery::test
