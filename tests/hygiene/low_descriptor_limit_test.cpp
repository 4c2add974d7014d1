// The real binary under a low descriptor limit: a provider that ignores its deadline at
// every attempt made joinery leak a thread and an eventfd per attempt, so that under
// `ulimit -n 40` a healthy backend failed after a few dozen attempts ("cannot create an
// eventfd"). Now the hanging entry holds one call, and the 200th join goes through.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "isolation/isolation_harness.hpp"
#include "support/child_process.hpp"
#include "support/joinery_run.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

std::size_t lines_of(const std::filesystem::path &file) {
  std::ifstream in(file);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

TEST(LowDescriptorLimit, AHangingProviderDoesNotStopAHealthyBackendUnderUlimit40) {
  const TempDir dir;
  const auto joins = dir.path() / "joins";
  const auto config = dir.write(
      "joinery.toml",
      "retry_join = " + toml_array({"provider=misbehaving fault=hang addrs=10.0.0.2", "10.0.0.3"}) +
          "\nretry_interval = \"1ms\"\nretry_max = 250\ndiscovery_timeout = \"20ms\"\n"
          "plugin_dirs = " +
          toml_array({isolation_fixture_dir("misbehaving").string()}) +
          "\n[join.lan]\nbackend = \"misbehaving\"\nfault = \"fail\"\nfault_times = 199\n"
          "state_file = " +
          toml_string(joins.string()) + "\n");
  const CommandResult r = run({"sh", "-c", "ulimit -n 40 && exec \"$0\" \"$@\"",
                               joinery_binary().string(), "run", "--config", config.string()},
                              120s);
  EXPECT_EQ(r.status, 0) << r.err.substr(r.err.size() > 3000 ? r.err.size() - 3000 : 0);
  EXPECT_EQ(lines_of(joins), 200u);  // 199 failed joins, then the one that succeeded
  EXPECT_THAT(r.err, HasSubstr("discover not started: its call of an earlier attempt ignored "
                               "the discovery timeout and is still running"));
  EXPECT_THAT(r.err, HasSubstr("agent.plugin: Abandoned a plugin call that ignored its deadline: "
                               "plugin=misbehaving abandoned_calls=1 limit=16"));
  EXPECT_THAT(r.err, Not(HasSubstr("abandoned_calls=2")));
  EXPECT_THAT(r.err, Not(HasSubstr("eventfd")));
  EXPECT_THAT(r.err, HasSubstr("Join cluster completed"));
}

}  // namespace
}  // namespace joinery::test
