// Faults in the middle of a run, with real serf agents, a real DNS server and the real
// joinery binary: the agent killed during a join call, an RPC port that accepts and
// never answers (slow loris), an agent answering garbage, the target agent restarting
// between attempts, the DNS server going away between attempts, and an unreadable
// configuration file. Each asserts what the operator sees (retries, error text, exit
// status, the summary, which keeps every attempt) and that nothing is left running.
// The serf cases run in process and isolated (--isolate-plugins).
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/child_process.hpp"
#include "support/dnsmasq.hpp"
#include "support/joinery_run.hpp"
#include "support/loopback.hpp"
#include "support/paths.hpp"
#include "support/process_census.hpp"
#include "support/serf_agent.hpp"
#include "support/silent_listener.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// True once `read()` contains `needle`; false after `timeout`.
template <class Read>
bool eventually_contains(Read read, const std::string &needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (read().find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// A TCP port on loopback that answers every connection with bytes that are not Serf's
// RPC (an HTTP error, as a web server on the wrong port would), through socat.
class GarbageServer {
 public:
  GarbageServer() : port_(free_port()) {
    const std::filesystem::path script = dir_.write(
        "answer.sh", "printf 'HTTP/1.0 400 Bad Request\\r\\n\\r\\n'\nexec cat >/dev/null\n");
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        "socat", "TCP-LISTEN:" + std::to_string(port_) + ",bind=127.0.0.1,reuseaddr,fork",
        "EXEC:sh " + script.string()});
    if (!wait_for_port("127.0.0.1", port_, 10s)) throw std::runtime_error("socat did not start");
  }
  [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<ChildProcess> process_;
};

class JoinFault : public ::testing::TestWithParam<bool> {
 protected:
  JoinFault() {
    // The bundled serf plugin through a link in this test's directory: runners (when
    // isolated) then name the directory on their command line, so leftovers are found.
    std::filesystem::create_directories(plugins_);
    std::filesystem::create_symlink(bundled_plugin_dir() / "joinery-serf.so",
                                    plugins_ / "joinery-serf.so");
  }
  ~JoinFault() override {
    EXPECT_TRUE(processes_mentioning(dir_.path().string()).empty());
    for (const auto &run : runs_) {
      // Runners end well (under the sanitizers: no leak report), and so does joinery.
      EXPECT_THAT(run->output(), Not(HasSubstr("plugin runner ended badly")));
      EXPECT_THAT(run->output(), Not(HasSubstr("Sanitizer")));
    }
  }

  [[nodiscard]] bool isolated() const { return GetParam(); }

  // A run joining `entries` through the serf agent at `rpc_addr`.
  JoineryRun &start(const std::vector<std::string> &entries, const std::string &rpc_addr,
                    const std::string &options) {
    const std::string toml =
        "retry_join = " + toml_array(entries) + "\n" + options +
        "\nplugin_dirs = " + toml_array({plugins_.string()}) +
        "\n[join.lan]\nbackend = \"serf\"\nrpc_addr = " + toml_string(rpc_addr) +
        "\nconnect_timeout = \"500ms\"\n";
    std::vector<std::string> args = {"--summary", summary_file(), "--log-level", "debug"};
    if (isolated()) args.push_back("--isolate-plugins");
    return *runs_.emplace_back(std::make_unique<JoineryRun>(toml, args));
  }

  [[nodiscard]] std::string summary_file() const { return (dir_.path() / "summary.json").string(); }
  [[nodiscard]] nlohmann::json lan_summary() const {
    std::ifstream in(summary_file());
    const nlohmann::json summary = nlohmann::json::parse(in, nullptr, false);
    if (summary.is_discarded()) return {};
    return summary["clusters"][0];
  }

  TempDir dir_;
  std::filesystem::path plugins_ = dir_.path() / "plugins";
  std::vector<std::unique_ptr<JoineryRun>> runs_;
};

TEST_P(JoinFault, TheAgentKilledDuringAJoinCallFailsThatAttemptAndTheRetriesSayWhy) {
  SerfAgent agent({.node = "local", .profile = "lan"});  // lan: the join to a silent peer waits
  SilentListener peer;
  JoineryRun &run =
      start({peer.address()}, agent.rpc_address(), "retry_max = 2\nretry_interval = \"100ms\"");
  // The agent is inside the join (memberlist waits for the silent peer) when it dies.
  ASSERT_TRUE(eventually_contains([&] { return agent.log(); }, "push/pull sync", 10s))
      << agent.log();
  ::kill(agent.pid(), SIGKILL);
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("lost the connection to the serf agent at " +
                                      agent.rpc_address() + ": the agent closed the connection"));
  EXPECT_THAT(run.output(),
              HasSubstr("cannot reach the serf agent's RPC at " + agent.rpc_address()));
  EXPECT_THAT(run.output(), HasSubstr("Retry join failed"));
  const nlohmann::json lan = lan_summary();
  EXPECT_EQ(lan["outcome"], "exhausted");
  EXPECT_EQ(lan["attempts"], 3);
  EXPECT_THAT(lan["last_error"].get<std::string>(), HasSubstr("cannot reach the serf agent"));
}

TEST_P(JoinFault, AnRpcPortThatAcceptsAndNeverAnswersTimesOutEveryAttempt) {
  SilentListener slow_loris;
  JoineryRun &run =
      start({"127.0.0.1:7946"}, slow_loris.address(), "retry_max = 1\nretry_interval = \"10ms\"");
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  const std::string timeout = "the serf agent's RPC at " + slow_loris.address() +
                              " did not answer within 500ms (connect_timeout)";
  EXPECT_THAT(run.output(), HasSubstr("Join cluster failed, will retry"));
  EXPECT_THAT(run.output(), HasSubstr(timeout));
  const nlohmann::json lan = lan_summary();
  EXPECT_EQ(lan["attempts"], 2);
  EXPECT_EQ(lan["last_error"], timeout);
}

TEST_P(JoinFault, AnAgentAnsweringGarbageIsReportedAndRetried) {
  GarbageServer garbage;
  JoineryRun &run =
      start({"127.0.0.1:7946"}, garbage.address(), "retry_max = 1\nretry_interval = \"10ms\"");
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("the agent's answer is not a Serf RPC header"));
  EXPECT_EQ(lan_summary()["attempts"], 2);
}

TEST_P(JoinFault, TheTargetAgentRestartingBetweenAttemptsIsJoinedOnceItIsBack) {
  SerfAgent local({.node = "local"});
  auto target = std::make_unique<SerfAgent>(SerfAgent::Options{.node = "target"});
  const std::uint16_t port = target->bind_port();
  const std::string address = target->bind_address();
  target->stop();
  JoineryRun &run =
      start({address}, local.rpc_address(), "retry_max = 50\nretry_interval = \"200ms\"");
  ASSERT_TRUE(run.wait_for_output("Join cluster failed, will retry", 20s)) << run.output();
  target = std::make_unique<SerfAgent>(SerfAgent::Options{.node = "target", .bind_port = port});
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("Join cluster completed. Synced with initial agents: "
                                      "cluster=LAN num_agents=1"));
  EXPECT_TRUE(local.wait_for_alive(2, 10s));
  const nlohmann::json lan = lan_summary();
  EXPECT_EQ(lan["outcome"], "joined");
  EXPECT_GE(lan["attempts"].get<int>(), 2);
  EXPECT_EQ(lan["addresses"], nlohmann::json::array({address}));
}

TEST_P(JoinFault, TheDnsServerGoingAwayBetweenAttemptsLeavesNothingToJoin) {
  SerfAgent local({.node = "local"});
  Dnsmasq dns({.hosts = {{"peers.test", {"127.0.0.1"}}}});
  const std::uint16_t closed_port = free_port();  // no agent there: the first join fails
  JoineryRun &run = start({"provider=dns name=peers.test port=" + std::to_string(closed_port) +
                           " resolver=" + dns.address() + " timeout=1s"},
                          local.rpc_address(), "retry_max = 1\nretry_interval = \"1s\"");
  ASSERT_TRUE(run.wait_for_output("Join cluster failed, will retry", 20s)) << run.output();
  EXPECT_THAT(run.output(),
              HasSubstr("Discovered servers: cluster=LAN cluster=LAN servers=127.0.0.1:" +
                        std::to_string(closed_port)));
  dns.stop();
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("[ERROR] agent: Cannot discover address"));
  const nlohmann::json lan = lan_summary();
  EXPECT_EQ(lan["attempts"], 2);
  EXPECT_EQ(lan["last_error"], "No servers to join");
}

INSTANTIATE_TEST_SUITE_P(InProcessAndIsolated, JoinFault, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &info) {
                           return info.param ? "Isolated" : "InProcess";
                         });

TEST(ConfigFault, AnUnreadableConfigurationFileStartsNothing) {
  TempDir dir;
  const std::filesystem::path config =
      dir.write("joinery.toml", "retry_join = [\"10.0.0.1\"]\n[join.lan]\nbackend = \"log\"\n");
  ::chmod(config.c_str(), 0);
  ::chmod(dir.path().c_str(), 0755);
  std::vector<std::string> argv = {
      joinery_binary().string(), "run",       "--config",
      config.string(),           "--summary", (dir.path() / "summary.json").string()};
  if (::geteuid() == 0) {
    // root reads any file: run as nobody, for whom the file is unreadable.
    argv.insert(argv.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  }
  const CommandResult result = run(argv, 20s);
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_EQ(result.err,
            config.string() + ": cannot read the configuration file: Permission denied\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "summary.json"));
  EXPECT_TRUE(processes_mentioning(dir.path().string()).empty());
}

}  // namespace
}  // namespace joinery::test
