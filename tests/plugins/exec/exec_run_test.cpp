// The exec discovery provider in `joinery run`, end to end, with real commands.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/joinery_run.hpp"
#include "support/serf_agent.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;

// True while any process runs with exactly `argv` as its command line.
bool process_running(const std::vector<std::string> &argv) {
  std::string wanted;
  for (const std::string &word : argv) wanted += word + '\0';
  for (const auto &entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), {});
    std::ifstream stat(entry.path() / "stat");
    std::string pid, name, state;
    stat >> pid >> name >> state;
    if (cmdline == wanted && state != "Z") return true;
  }
  return false;
}

std::string serf_backend(const SerfAgent &agent) {
  return "\n[join.lan]\nbackend = \"serf\"\nrpc_addr = " + toml_string(agent.rpc_address()) + "\n";
}

TEST(ExecProviderRun, JoinsTheAddressesACommandPrints) {
  SerfAgent a({.node = "a"}), b({.node = "b"}), c({.node = "c"});
  TempDir dir;
  const auto peers = dir.write("peers", b.bind_address() + "\n  " + c.bind_address() + " \n");
  JoineryRun run(
      "retry_join = " + toml_array({"provider=exec command=\"cat " + peers.string() + "\""}) +
      "\n" + serf_backend(a));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_NE(run.output().find("Discovered servers"), std::string::npos) << run.output();
  EXPECT_TRUE(a.wait_for_alive(3, 5s));
}

TEST(ExecProviderRun, ReportsAFailingCommandWithItsStderr) {
  SerfAgent a({.node = "a"});
  JoineryRun run(
      "retry_max = 1\nretry_interval = \"100ms\"\nretry_join = " +
      toml_array({R"(provider=exec command="sh -c \"echo no peers known >&2; exit 4\"")"}) + "\n" +
      serf_backend(a));
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_NE(run.output().find("Cannot discover address"), std::string::npos) << run.output();
  EXPECT_NE(run.output().find("exited with status 4; stderr: no peers known"), std::string::npos)
      << run.output();
  EXPECT_NE(run.output().find("No servers to join"), std::string::npos) << run.output();
}

TEST(ExecProviderRun, KillsAHangingCommandAtTheDiscoveryDeadline) {
  SerfAgent a({.node = "a"});
  // An unusual argument, to find the process afterwards.
  const std::vector<std::string> hanging = {"sleep", "31.4159"};
  JoineryRun run(
      "retry_max = 1\nretry_interval = \"100ms\"\ndiscovery_timeout = \"300ms\"\n"
      "retry_join = " +
      toml_array({"provider=exec command=\"sleep 31.4159\" timeout=1m"}) + "\n" + serf_backend(a));
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_NE(run.output().find("Cannot discover address"), std::string::npos) << run.output();
  EXPECT_FALSE(process_running(hanging)) << "the hanging command outlived joinery";
}

}  // namespace
}  // namespace joinery::test
