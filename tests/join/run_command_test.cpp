// `joinery run` end to end: the real binary, the bundled static provider and log
// backend, and the test-only flaky backend; exit statuses, Consul's messages, the
// JSON summary, and shutdown by signal.
#include <signal.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include <algorithm>
#include <regex>
#include <sstream>

#include "join/joinery_command.hpp"
#include "support/log_capture.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using RunCommand = JoineryCommand;

// The first "discovery methods" line: [1] up to "discovery_methods=", [2] the names.
std::smatch discovery_methods(const std::string &log) {
  static const std::regex line(R"re((\[INFO\]  agent: [^\n]*discovery_methods=)"([^"]*)")re");
  std::smatch match;
  std::regex_search(log, match, line);
  return match;
}

std::vector<std::string> words_of(const std::string &text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

TEST_F(RunCommand, JoinsWhatTheStaticProviderFindsThroughTheLogBackend) {
  const CommandResult result =
      joinery("run", {"-retry-join", "provider=static addrs=10.0.0.1,[::1]:8301", "-retry-join",
                      "10.0.0.3", "--join-backend", "log record=" + file("joins.txt")});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(lines_of("joins.txt"), std::vector<std::string>{"LAN 10.0.0.1 [::1]:8301 10.0.0.3"});
  // Every installed provider, sorted, as go-discover's Names() (issue 15 item 6).
  const std::smatch methods = discovery_methods(result.err);
  ASSERT_FALSE(methods.empty()) << result.err;
  EXPECT_EQ(methods[1],
            "[INFO]  agent: Retry join is supported for the following discovery "
            "methods: cluster=LAN discovery_methods=");
  // The same providers `joinery plugins list` shows (with the same search path).
  // (--plugin-dir adds only the flaky backend, no provider.)
  const CommandResult listed =
      run({joinery_binary().string(), "plugins", "list", "--json", "--allow-env-plugin-path"},
          std::chrono::seconds(20), options());
  ASSERT_EQ(listed.status, 0) << listed.err;
  std::vector<std::string> installed;
  const nlohmann::json plugins = nlohmann::json::parse(listed.out);
  for (const nlohmann::json &provider : plugins.at("providers")) {
    installed.push_back(provider.at("name").get<std::string>());
  }
  std::sort(installed.begin(), installed.end());
  EXPECT_EQ(words_of(methods[2]), installed);
  EXPECT_NE(std::find(installed.begin(), installed.end(), "static"), installed.end());
  EXPECT_NE(result.err.find("[INFO]  agent: Joining cluster...: cluster=LAN"), std::string::npos);
  EXPECT_NE(result.err.find("[INFO]  agent: Join cluster completed. Synced with initial agents: "
                            "cluster=LAN num_agents=3"),
            std::string::npos);
  EXPECT_EQ(result.err.find("couldn't join"), std::string::npos)
      << "a client with nothing for the WAN has nothing to warn about";
}

TEST_F(RunCommand, ClientWithWanEntriesGetsConsulsWarning) {
  const CommandResult result =
      joinery("run", {"-retry-join", "10.0.0.1", "-retry-join-wan", "10.1.0.1", "--join-backend",
                      "log record=" + file("joins.txt")});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(lines_of("joins.txt"), std::vector<std::string>{"LAN 10.0.0.1"});
  EXPECT_NE(result.err.find("[WARN]  agent: (WAN) couldn't join: Err: Must be a server to join "
                            "WAN cluster"),
            std::string::npos)
      << result.err;
}

TEST_F(RunCommand, NothingToJoinExitsZeroWithoutJoining) {
  // The LAN's default backend (serf) is not even looked for: nothing needs it.
  const CommandResult result = joinery("run", {});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.err.find("Joining cluster"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("[WARN]  agent: Nothing to join: no retry_join, retry_join_wan or "
                            "primary_gateways entries are configured"),
            std::string::npos)
      << result.err;
}

TEST_F(RunCommand, SpentRetryBudgetExitsOneWithConsulsMessages) {
  const CommandResult result =
      joinery("run", {"-retry-join", "10.0.0.1", "-retry-max", "2", "-retry-interval", "1ms",
                      "--join-backend", "flaky fail_times=9 state_file=" + file("state")});
  EXPECT_EQ(result.status, 1) << result.err;
  EXPECT_EQ(lines_of("state").size(), 3u) << "retry_max 2 = 3 attempts";
  EXPECT_EQ(count_of(result.err,
                     "[WARN]  agent: Join cluster failed, will retry: cluster=LAN "
                     "retry_interval=1ms error=\"flaky: attempt "),
            2u)
      << result.err;
  EXPECT_NE(result.err.find("[ERROR] agent: Retry join failed: error=\"agent: max join LAN retry "
                            "exhausted, exiting\""),
            std::string::npos)
      << result.err;
}

TEST_F(RunCommand, RetriesUntilTheBackendSucceedsAndSummarises) {
  const CommandResult result =
      joinery("run", {"-retry-join", "provider=static addrs=10.0.0.1,10.0.0.2", "-retry-interval",
                      "1ms", "--join-backend", "flaky fail_times=2 state_file=" + file("state"),
                      "--summary", file("summary.json")});
  EXPECT_EQ(result.status, 0) << result.err;
  std::ifstream in(file("summary.json"));
  const nlohmann::json summary = nlohmann::json::parse(in);
  EXPECT_EQ(summary["exit_status"], 0);
  const nlohmann::json &lan = summary["clusters"][0];
  EXPECT_EQ(lan["cluster"], "LAN");
  EXPECT_EQ(lan["outcome"], "joined");
  EXPECT_EQ(lan["attempts"], 3);
  EXPECT_EQ(lan["addresses"], (nlohmann::json{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(lan["joined"], 2);
  EXPECT_EQ(lan["last_error"], "flaky: attempt 2 of 2 fails on purpose (token )");
  EXPECT_GE(lan["duration_seconds"].get<double>(), 0.0);
  EXPECT_EQ(summary["clusters"][1]["cluster"], "WAN");
  EXPECT_EQ(summary["clusters"][1]["outcome"], "skipped");
}

TEST_F(RunCommand, ASummaryThatCannotBeWrittenExitsFourNamingTheFile) {
  const CommandResult result = joinery(
      "run", {"-retry-join", "10.0.0.1", "--join-backend", "log", "--summary", "/dev/full"});
  EXPECT_EQ(result.status, 4) << result.err;
  EXPECT_NE(result.err.find("[ERROR] agent: Cannot write the run summary: file=/dev/full "
                            "error=\"No space left on device\""),
            std::string::npos)
      << result.err;
}

TEST_F(RunCommand, ASummaryInAMissingDirectoryIsAConfigurationErrorBeforeJoining) {
  const CommandResult result =
      joinery("run", {"-retry-join", "10.0.0.1", "--join-backend", "log record=" + file("j.txt"),
                      "--summary", file("no/such/dir/summary.json")});
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_NE(result.err.find("--summary " + file("no/such/dir/summary.json") +
                            ": cannot be written: No such file or directory"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("Joining cluster"), std::string::npos) << result.err;
  EXPECT_TRUE(lines_of("j.txt").empty()) << "nothing was joined";
}

TEST_F(RunCommand, SummaryCarriesItsSchemaTheVersionAndTheRunsTimes) {
  const CommandResult result =
      joinery("run", {"-retry-join", "10.0.0.1", "--join-backend", "log", "--summary", "-"});
  ASSERT_EQ(result.status, 0) << result.err;
  const nlohmann::json summary = nlohmann::json::parse(result.out);
  EXPECT_EQ(summary["schema"], 1);
  const CommandResult version = run({joinery_binary().string(), "version", "--json"}, 20s);
  EXPECT_EQ(summary["joinery_version"], nlohmann::json::parse(version.out)["version"]);
  const std::string started = summary["started_at"], ended = summary["ended_at"];
  // RFC 3339 in UTC with milliseconds; the same width, so text order is time order.
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  EXPECT_TRUE(std::regex_match(started, rfc3339)) << started;
  EXPECT_TRUE(std::regex_match(ended, rfc3339)) << ended;
  EXPECT_LE(started, ended);
}

TEST_F(RunCommand, ASummaryToAFullStdoutExitsFour) {
  std::vector<std::string> command{"sh", "-c", "exec \"$@\" >/dev/full", "sh"};
  for (std::string &word :
       argv("run", {"-retry-join", "10.0.0.1", "--join-backend", "log", "--summary", "-"})) {
    command.push_back(std::move(word));
  }
  const CommandResult result = run(command, 20s, options());
  EXPECT_EQ(result.status, 4) << result.err;
  EXPECT_NE(result.err.find("Cannot write the run summary: file=stdout"), std::string::npos)
      << result.err;
}

TEST_F(RunCommand, SecretBackendKeysAreMaskedInTheLogAndSummary) {
  const CommandResult result = joinery(
      "run",
      {"-retry-join", "10.0.0.1", "-retry-max", "1", "-retry-interval", "1ms", "--join-backend",
       "flaky fail_times=5 token=hunter2-secret state_file=" + file("s"), "--summary", "-"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err.find("hunter2-secret"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("hunter2-secret"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("(token ***)"), std::string::npos) << result.err;
  const nlohmann::json summary = nlohmann::json::parse(result.out);
  EXPECT_EQ(summary["exit_status"], 1);
  EXPECT_EQ(summary["clusters"][0]["outcome"], "exhausted");
  EXPECT_EQ(summary["clusters"][0]["attempts"], 2);
  EXPECT_EQ(summary["clusters"][0]["last_error"],
            "flaky: attempt 2 of 5 fails on purpose (token ***)");
  EXPECT_EQ(summary["clusters"][0]["failure"], "agent: max join LAN retry exhausted, exiting");
}

TEST_F(RunCommand, EmptyDiscoveryIsNoServersToJoin) {
  const CommandResult result =
      joinery("run", {"-retry-join", "provider=static addrs=,", "-retry-max", "1",
                      "-retry-interval", "1ms", "--join-backend", "log"});
  EXPECT_EQ(result.status, 1) << result.err;
  EXPECT_NE(result.err.find("Join cluster failed, will retry: cluster=LAN retry_interval=1ms "
                            "error=\"No servers to join\""),
            std::string::npos)
      << result.err;
}

TEST_F(RunCommand, ServerJoinsLanAndWanThroughTheirOwnBackends) {
  const std::string config = write("agent.toml", R"(
server = true
retry_join = ["10.0.0.1"]
retry_join_wan = ["provider=static addrs=10.1.0.1,10.1.0.2"]
[join.lan]
backend = "log"
record = ")" + file("lan.txt") + R"("
[join.wan]
backend = "log"
record = ")" + file("wan.txt") + R"("
)");
  const CommandResult result = joinery("run", {"--config", config});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(lines_of("lan.txt"), std::vector<std::string>{"LAN 10.0.0.1"});
  EXPECT_EQ(lines_of("wan.txt"), std::vector<std::string>{"WAN 10.1.0.1 10.1.0.2"});
  EXPECT_NE(result.err.find("Join cluster completed. Synced with initial agents: cluster=WAN "
                            "num_agents=2"),
            std::string::npos)
      << result.err;
}

TEST_F(RunCommand, FederatedSecondaryJoinsThePrimaryThroughItsGateways) {
  const CommandResult result = joinery("run", {"--config", federated_secondary_config()});
  EXPECT_EQ(result.status, 0) << result.err;
  // The backend read the route to dc1 through joinery_host.gateway_route.
  EXPECT_EQ(lines_of("wan.txt"),
            std::vector<std::string>{"WAN *.dc1/192.0.2.2 route=10.9.0.1:443,10.9.0.2:443,"});
  EXPECT_NE(result.err.find("agent: Refreshing mesh gateways...\n"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("agent.server.gateway_locator: updated fallback list of primary mesh "
                            "gateways: mesh_gateways=[10.9.0.1:443, 10.9.0.2:443]"),
            std::string::npos);
  EXPECT_NE(result.err.find("agent: Refreshing mesh gateways completed"), std::string::npos);
  EXPECT_LT(result.err.find("Refreshing mesh gateways completed"),
            result.err.find("Joining cluster...: cluster=WAN"))
      << "the gateways are known before the WAN join starts";
}

TEST_F(RunCommand, UnknownBackendKeyExitsTwoBeforeAnyAttempt) {
  const CommandResult result =
      joinery("run", {"-retry-join", "10.0.0.1", "--join-backend", "log recrod=/tmp/x"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("[join.lan] (--join-backend): backend 'log': unknown key 'recrod' "
                            "(did you mean 'record'?)"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("Joining cluster"), std::string::npos);
}

TEST_F(RunCommand, ProblemsOfEveryClusterAreReportedTogether) {
  const CommandResult result = joinery(
      "run", {"-server", "-retry-join", "provider=static adrs=10.0.0.1", "-retry-join-wan",
              "10.1.0.1", "--join-backend", "flaky state_file=" + file("s") + " fail_time=1"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("unknown key 'adrs'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("[join.lan] (--join-backend): backend 'flaky': unknown key "
                            "'fail_time'"),
            std::string::npos);
  EXPECT_NE(result.err.find("[join.wan] (--join-backend): backend 'flaky': unknown key "
                            "'fail_time'"),
            std::string::npos);
  EXPECT_TRUE(lines_of("s").empty()) << "nothing was joined";
}

TEST_F(RunCommand, MissingBackendPluginExitsThree) {
  const CommandResult result =
      joinery("run", {"-retry-join", "10.0.0.1", "--join-backend", "nosuchbackend"});
  EXPECT_EQ(result.status, 3);
  EXPECT_NE(result.err.find("unknown join backend 'nosuchbackend'"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("Installed join backends: "), std::string::npos);
}

TEST_F(RunCommand, MissingProviderPluginExitsThree) {
  const CommandResult result =
      joinery("run", {"-retry-join", "provider=nosuchprovider key=x", "--join-backend", "log"});
  EXPECT_EQ(result.status, 3);
  EXPECT_NE(result.err.find("discover: unknown provider nosuchprovider"), std::string::npos)
      << result.err;
}

TEST_F(RunCommand, ConfigurationErrorExitsTwo) {
  const CommandResult result = joinery(
      "run", {"-retry-join", "10.0.0.1", "-retry-interval", "soon", "--join-backend", "log"});
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err.find("Joining cluster"), std::string::npos) << result.err;
}

TEST_F(RunCommand, SigtermMidWaitExits143AtOnce) {
  ChildProcess child(argv("run", {"-retry-join", "10.0.0.1", "-retry-interval", "1h",
                                  "--join-backend", "flaky fail_times=9 state_file=" + file("s"),
                                  "--summary", file("summary.json")}),
                     options());
  ASSERT_TRUE(wait_for_log(child, "Join cluster failed, will retry", 10s)) << child.stderr_text();
  ::kill(child.pid(), SIGTERM);
  const std::optional<int> status = child.wait(10s);  // not the hour the wait had left
  ASSERT_TRUE(status) << "still running after SIGTERM";
  EXPECT_EQ(*status, 143);
  EXPECT_NE(child.stderr_text().find("agent: Caught: signal=terminated"), std::string::npos);
  std::ifstream in(file("summary.json"));
  const nlohmann::json summary = nlohmann::json::parse(in);
  EXPECT_EQ(summary["clusters"][0]["outcome"], "stopped");
  EXPECT_EQ(summary["clusters"][0]["attempts"], 1);
}

TEST_F(RunCommand, SigintMidCallExits130AtOnce) {
  ChildProcess child(argv("run", {"-retry-join", "10.0.0.1", "--join-backend",
                                  "flaky hang=true state_file=" + file("s")}),
                     options());
  ASSERT_TRUE(wait_for_log(child, "flaky: hanging until cancelled", 10s)) << child.stderr_text();
  ::kill(child.pid(), SIGINT);
  const std::optional<int> status = child.wait(10s);
  ASSERT_TRUE(status) << "still running after SIGINT";
  EXPECT_EQ(*status, 130);
  EXPECT_EQ(child.stderr_text().find("will retry"), std::string::npos) << child.stderr_text();
}

TEST_F(RunCommand, HelpShowsExamplesAndTheOptions) {
  const CommandResult result = joinery("run", {"--help"});
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("Examples:"), std::string::npos);
  EXPECT_NE(result.out.find("--retry-join"), std::string::npos);
  EXPECT_NE(result.out.find("--summary"), std::string::npos);
}

}  // namespace
}  // namespace joinery::test
