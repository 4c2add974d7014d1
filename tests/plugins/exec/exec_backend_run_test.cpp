// `joinery run` with the exec backend, end to end, with real commands.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/joinery_run.hpp"
#include "support/loopback.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;

std::string exec_backend(const std::string &command, const std::string &extra = "") {
  return "\n[join.lan]\nbackend = \"exec\"\ncommand = " + toml_string(command) + "\n" + extra;
}

TEST(ExecRun, JoinsThroughTheSerfCli) {
  SerfAgent a({.node = "a"}), b({.node = "b"}), c({.node = "c"});
  JoineryRun run("retry_join = " + toml_array({b.bind_address(), c.bind_address()}) + "\n" +
                 exec_backend("serf join -rpc-addr=" + a.rpc_address()));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_NE(run.output().find("Join cluster completed. Synced with initial agents"),
            std::string::npos);
  EXPECT_TRUE(a.wait_for_alive(3, 5s));
}

TEST(ExecRun, HandsTheAddressesToTheCommandAndLogsItsStderr) {
  JoineryRun run(
      "retry_join = [\"10.0.0.1\", \"[::1]:7946\"]\n" +
      exec_backend(
          R"(sh -c "echo \"joining $JOINERY_CLUSTER: $JOINERY_ADDRS (args: $*)\" >&2" sh)"));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_NE(run.output().find("joining LAN: 10.0.0.1 [::1]:7946 (args: 10.0.0.1 [::1]:7946)"),
            std::string::npos)
      << run.output();
}

TEST(ExecRun, WritesTheSummaryAlthoughTheCommandsStderrIsNotUtf8) {
  // A Latin-1 stderr (0xe9, "é") quoted in the summary once aborted the run after the attempt
  // (type_error.316, exit 134, no summary).
  const TempDir summary_dir;
  const std::filesystem::path summary_file = summary_dir.path() / "summary.json";
  JoineryRun run("retry_join = [\"127.0.0.1:1\"]\nretry_max = 1\nretry_interval = \"100ms\"\n" +
                     exec_backend(R"(sh -c "printf 'refus\\351\\n' >&2; exit 1")"),
                 {"--summary", summary_file.string()});
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  std::ifstream in(summary_file);
  const nlohmann::json summary = nlohmann::json::parse(in);
  EXPECT_EQ(summary["exit_status"], 1);
  EXPECT_NE(summary["clusters"][0]["last_error"].get<std::string>().find("refus\xef\xbf\xbd"),
            std::string::npos)
      << summary;
}

TEST(ExecRun, TakesATomlArrayAsTheArgvElementByElement) {
  // One argument holds a space and a comma: an array keeps it whole.
  JoineryRun run(
      "retry_join = [\"10.0.0.1\"]\n[join.lan]\nbackend = \"exec\"\n" +
      std::string(R"(command = ["sh", "-c", "echo \"arg: [$1] addr: $2\" >&2", "sh", "a b, c"])") +
      "\n");
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_NE(run.output().find("arg: [a b, c] addr: 10.0.0.1"), std::string::npos) << run.output();
}

TEST(ExecRun, FailsTheAttemptWithTheCommandsExitStatusAndStderr) {
  const std::string nobody = "127.0.0.1:" + std::to_string(free_port());
  JoineryRun run("retry_join = [\"127.0.0.1:1\"]\nretry_max = 1\nretry_interval = \"100ms\"\n" +
                 exec_backend("serf join -rpc-addr=" + nobody));
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_NE(run.output().find("command `serf join -rpc-addr=" + nobody +
                              "` exited with status 1; stdout: Error connecting to Serf agent"),
            std::string::npos)
      << run.output();
}

TEST(ExecRun, KillsACommandThatOutlivesItsTimeout) {
  JoineryRun run("retry_join = [\"127.0.0.1:1\"]\nretry_max = 0\n" +
                 exec_backend("sh -c \"sleep 30\"", "timeout = \"200ms\"\n") +
                 "\n# retry_max 0 would retry forever: the test stops it\n");
  ASSERT_TRUE(run.wait_for_output("did not finish within 200ms (timeout) and was killed", 10s))
      << run.output();
  run.stop(15);
}

TEST(ExecRun, TheLongestTimeoutLetsTheCommandFinish) {
  // timeout = "2562047h" (the longest accepted): started + timeout overflowed into the past,
  // so every command was killed at once. The join timeout is as long, as an operator would set.
  JoineryRun run(
      "retry_join = [\"10.0.0.1\"]\nretry_max = 1\njoin_timeout = \"2562047h\"\n" +
      exec_backend("sh -c \"sleep 0.2; echo finished >&2\"", "timeout = \"2562047h\"\n"));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_NE(run.output().find("finished"), std::string::npos) << run.output();
}

}  // namespace
}  // namespace joinery::test
