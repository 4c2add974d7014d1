// Providers run out of process: their calls go through a plugin runner, with the same
// results as in process, and a runner that crashes, exits, hangs or spews fails one
// call with an error naming the provider and what happened; the next call gets a new
// runner.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "catalog/registry.hpp"
#include "isolation/isolated_library.hpp"
#include "isolation/isolation_harness.hpp"
#include "logging/log.hpp"
#include "support/log_capture.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using plugins::KeyValues;
using ::testing::HasSubstr;
using ::testing::Not;

class IsolatedProvider : public ::testing::Test {
 protected:
  IsolatedProvider() : registry_(fixture_search_path({"misbehaving"}), isolate_all()) {
    provider_ = registry_.find_provider("misbehaving");
  }

  std::string state_file() const { return (dir_.path() / "calls").string(); }

  TempDir dir_;
  plugins::Registry registry_;
  std::shared_ptr<const plugins::DiscoveryProvider> provider_;
};

TEST_F(IsolatedProvider, FindsWhatTheInProcessProviderFinds) {
  ASSERT_TRUE(provider_);
  EXPECT_TRUE(provider_->isolated());
  EXPECT_EQ(provider_->library().plugin_id(), "org.joinery.test.misbehaving");
  const plugins::Discovered call = discover(*provider_, {{"addrs", "10.0.0.1,10.0.0.2:8301"}}, 5s);
  ASSERT_TRUE(call.result.ok()) << call.result.message;
  EXPECT_EQ(call.addresses, (std::vector<std::string>{"10.0.0.1", "10.0.0.2:8301"}));
}

TEST_F(IsolatedProvider, RunsInAnotherProcess) {
  const std::string log = capture_log([&] {
    logging::configure(logging::Level::info, false);
    ASSERT_TRUE(discover(*provider_, {}, 5s).result.ok());
  });
  // The plugin logs its pid through joinery_host.log; joinery writes the line.
  EXPECT_THAT(log, HasSubstr("agent.plugin.misbehaving: misbehaving: behaving in pid"));
  EXPECT_THAT(log, Not(HasSubstr("behaving in pid " + std::to_string(::getpid()) + "\n")));
}

TEST_F(IsolatedProvider, ValidateRunsInTheRunnerToo) {
  plugins::CallContext call({});
  const plugins::PluginResult result = provider_->validate(call, {{"reject", "true"}});
  EXPECT_EQ(result.status, JOINERY_INVALID_CONFIG);
  EXPECT_THAT(result.message, HasSubstr("rejected on purpose"));
  EXPECT_THAT(result.message, Not(HasSubstr("pid " + std::to_string(::getpid()) + ")")));
}

TEST_F(IsolatedProvider, SegfaultFailsTheCallNamingTheProviderAndTheSignal) {
  const plugins::Discovered call = discover(*provider_, {{"fault", "segfault"}}, 5s);
  EXPECT_EQ(call.result.status, JOINERY_INTERNAL);
  EXPECT_THAT(call.result.message, HasSubstr("provider 'misbehaving': discover failed"));
  EXPECT_THAT(call.result.message, HasSubstr("killed by signal SIGSEGV"));
  EXPECT_THAT(call.result.message, HasSubstr("the next call starts a new runner"));
}

TEST_F(IsolatedProvider, AbortIsReportedAsSigabrt) {
  const plugins::Discovered call = discover(*provider_, {{"fault", "abort"}}, 5s);
  EXPECT_THAT(call.result.message, HasSubstr("killed by signal SIGABRT"));
}

TEST_F(IsolatedProvider, ExitIsReportedWithItsStatus) {
  const plugins::Discovered call = discover(*provider_, {{"fault", "exit"}}, 5s);
  EXPECT_EQ(call.result.status, JOINERY_INTERNAL);
  EXPECT_THAT(call.result.message, HasSubstr("exited with status 3"));
}

TEST_F(IsolatedProvider, TheNextCallAfterACrashGetsANewRunner) {
  const KeyValues config = {{"fault", "segfault"},
                            {"fault_times", "1"},
                            {"state_file", state_file()},
                            {"addrs", "10.0.0.9"}};
  EXPECT_THAT(discover(*provider_, config, 5s).result.message, HasSubstr("SIGSEGV"));
  const plugins::Discovered again = discover(*provider_, config, 5s);
  ASSERT_TRUE(again.result.ok()) << again.result.message;
  EXPECT_EQ(again.addresses, std::vector<std::string>{"10.0.0.9"});
}

TEST_F(IsolatedProvider, HangIsKilledAtTheDeadline) {
  const plugins::Discovered call = discover(*provider_, {{"fault", "hang"}}, 300ms);
  EXPECT_EQ(call.result.status, JOINERY_CANCELLED);
  EXPECT_THAT(call.result.message, HasSubstr("provider 'misbehaving': discover failed"));
  EXPECT_THAT(call.result.message,
              HasSubstr("gave no answer by the call's deadline and was killed"));
  EXPECT_TRUE(discover(*provider_, {}, 5s).result.ok());
}

TEST_F(IsolatedProvider, TheDeadlineReachesThePlugin) {
  const plugins::Discovered call = discover(*provider_, {{"fault", "wait_cancel"}}, 200ms);
  EXPECT_EQ(call.result.status, JOINERY_CANCELLED);
  EXPECT_EQ(call.result.message, "deadline passed");  // the plugin's own words: not killed
}

TEST_F(IsolatedProvider, AStopReachesThePluginsCancelFd) {
  plugins::StopSource stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  const plugins::Discovered call =
      discover(*provider_, {{"fault", "wait_cancel"}}, std::nullopt, &stop);
  stopper.join();
  EXPECT_EQ(call.result.status, JOINERY_CANCELLED);
  EXPECT_EQ(call.result.message, "cancelled");
}

TEST_F(IsolatedProvider, AStopKillsACallThatIgnoresIt) {
  plugins::StopSource stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  const plugins::Discovered call = discover(*provider_, {{"fault", "hang"}}, std::nullopt, &stop);
  stopper.join();
  EXPECT_EQ(call.result.status, JOINERY_CANCELLED);
  EXPECT_THAT(call.result.message, HasSubstr("did not return soon after the call was cancelled"));
}

TEST_F(IsolatedProvider, LogSpewArrivesLineByLine) {
  plugins::Discovered call;
  const std::string log = capture_log([&] {
    logging::configure(logging::Level::info, false);
    call = discover(*provider_, {{"fault", "log_spew"}, {"addrs", "10.0.0.3"}}, 20s);
  });
  ASSERT_TRUE(call.result.ok()) << call.result.message;
  EXPECT_EQ(count_of(log, ": spew "), 20000u);
}

TEST_F(IsolatedProvider, AHugeLogLineIsCut) {
  plugins::Discovered call;
  const std::string log = capture_log([&] {
    logging::configure(logging::Level::info, false);
    call = discover(*provider_, {{"fault", "huge_log"}, {"addrs", "10.0.0.4"}}, 20s);
  });
  ASSERT_TRUE(call.result.ok()) << call.result.message;
  EXPECT_THAT(log, HasSubstr("more bytes cut by the plugin runner"));
  EXPECT_LT(log.size(), std::size_t{1} << 20);
}

TEST_F(IsolatedProvider, StdoutSpewIsLoggedWithinABudgetAndNeverReachesStdout) {
  plugins::Discovered call;
  testing::internal::CaptureStdout();
  const std::string log = capture_log([&] {
    logging::configure(logging::Level::info, false);
    call = discover(*provider_, {{"fault", "stdout_spew"}, {"addrs", "10.0.0.5"}}, 20s);
  });
  const std::string out = testing::internal::GetCapturedStdout();
  ASSERT_TRUE(call.result.ok()) << call.result.message;
  EXPECT_EQ(call.addresses, std::vector<std::string>{"10.0.0.5"});
  EXPECT_TRUE(out.empty());
  EXPECT_THAT(log, HasSubstr("plugin output"));
  EXPECT_THAT(log, HasSubstr("plugin output truncated"));
  EXPECT_LT(log.size(), std::size_t{256} << 10);
}

TEST_F(IsolatedProvider, EntriesOfOneProviderRunInParallelRunners) {
  auto isolated = plugins::IsolatedLibrary::probe(
      isolation_fixture_dir("misbehaving") / "joinery-misbehaving.so", isolate_all());
  ASSERT_TRUE(isolated) << isolated.error().text();
  const std::shared_ptr<plugins::IsolatedLibrary> library = *isolated;
  const auto provider = library->providers().front();
  std::vector<std::thread> threads;
  std::vector<plugins::Discovered> calls(3);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    threads.emplace_back([&, i] {
      calls[i] = discover(*provider, {{"fault", "wait_cancel"}}, 300ms);
    });
  }
  for (std::thread &thread : threads) thread.join();
  for (const plugins::Discovered &call : calls) EXPECT_EQ(call.result.message, "deadline passed");
  EXPECT_EQ(library->runners(), 3u);  // one each, kept idle for the next attempt
}

}  // namespace
}  // namespace joinery::test
