// `joinery run` under systemd: the real binary sends its notifications to a datagram
// socket the test binds, as systemd's would be (a path, or the abstract namespace).
#include <signal.h>

#include <gtest/gtest.h>

#include "join/joinery_command.hpp"
#include "support/notify_socket.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;

class SystemdNotify : public JoineryCommand {
 protected:
  // Options with NOTIFY_SOCKET naming `socket`.
  ChildProcess::Options under_systemd(const NotifySocket &socket) const {
    ChildProcess::Options with = options();
    with.env["NOTIFY_SOCKET"] = socket.address();
    return with;
  }

  CommandResult run_under(const NotifySocket &socket, std::vector<std::string> args) const {
    return run(argv("run", std::move(args)), 20s, under_systemd(socket));
  }

  static std::size_t count_containing(const std::vector<std::string> &datagrams,
                                      const std::string &needle) {
    std::size_t count = 0;
    for (const std::string &datagram : datagrams) {
      count += datagram.find(needle) != std::string::npos ? 1 : 0;
    }
    return count;
  }
};

TEST_F(SystemdNotify, ReportsEachAttemptThenReadyOnceJoined) {
  NotifySocket socket(file("notify"));
  const CommandResult result = run_under(
      socket, {"-retry-join", "provider=static addrs=10.0.0.1,10.0.0.2", "-retry-interval", "1ms",
               "--join-backend", "flaky fail_times=2 state_file=" + file("state")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(socket.received(),
            (std::vector<std::string>{
                "STATUS=LAN: joining", "STATUS=LAN: attempt 1 failed, retrying in 1ms",
                "STATUS=LAN: joining (attempt 2)", "STATUS=LAN: attempt 2 failed, retrying in 1ms",
                "STATUS=LAN: joining (attempt 3)", "STATUS=LAN: joined 2 agents after 3 attempts",
                "READY=1\nSTATUS=LAN: joined 2 agents after 3 attempts",
                "BARRIER=1",  // it waited for systemd to read READY=1
            }));
}

TEST_F(SystemdNotify, ReachesASocketInTheAbstractNamespace) {
  NotifySocket socket(unique_abstract_name());
  const CommandResult result =
      run_under(socket, {"-retry-join", "10.0.0.1", "--join-backend", "log"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(socket.received(),
            (std::vector<std::string>{
                "STATUS=LAN: joining", "STATUS=LAN: joined 1 agent after 1 attempt",
                "READY=1\nSTATUS=LAN: joined 1 agent after 1 attempt", "BARRIER=1"}));
}

TEST_F(SystemdNotify, NothingToJoinIsReadyAtOnce) {
  NotifySocket socket(file("notify"));
  const CommandResult result = run_under(socket, {});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(socket.received(),
            (std::vector<std::string>{"READY=1\nSTATUS=nothing to join", "BARRIER=1"}));
}

TEST_F(SystemdNotify, SpentRetryBudgetIsNeverReady) {
  NotifySocket socket(file("notify"));
  const CommandResult result = run_under(
      socket, {"-retry-join", "10.0.0.1", "-retry-max", "1", "-retry-interval", "1ms",
               "--join-backend", "flaky fail_times=9 token=hunter2 state_file=" + file("state")});
  ASSERT_EQ(result.status, 1) << result.err;
  const std::vector<std::string> datagrams = socket.received();
  ASSERT_FALSE(datagrams.empty());
  EXPECT_EQ(datagrams.back(), "STATUS=LAN: retry join failed after 2 attempts");
  EXPECT_EQ(count_containing(datagrams, "READY=1"), 0u);
  EXPECT_EQ(count_containing(datagrams, "hunter2"), 0u) << "no error text reaches the status";
}

TEST_F(SystemdNotify, SigtermSendsStoppingAndNeverReady) {
  NotifySocket socket(file("notify"));
  ChildProcess child(argv("run", {"-retry-join", "10.0.0.1", "-retry-interval", "1h",
                                  "--join-backend", "flaky fail_times=9 state_file=" + file("s")}),
                     under_systemd(socket));
  const std::vector<std::string> before =
      socket.wait_for("STATUS=LAN: attempt 1 failed, retrying in 1h0m0s", 10s);
  ASSERT_FALSE(before.empty()) << child.stderr_text();
  ::kill(child.pid(), SIGTERM);
  const std::optional<int> status = child.wait(10s);
  ASSERT_TRUE(status) << "still running after SIGTERM";
  EXPECT_EQ(*status, 143);
  EXPECT_EQ(socket.received(),
            (std::vector<std::string>{"STOPPING=1\nSTATUS=stopping: caught SIGTERM", "BARRIER=1"}));
}

TEST_F(SystemdNotify, CommandsAndPluginRunnersDoNotInheritNotifySocket) {
  for (const bool isolated : {false, true}) {
    NotifySocket socket(file(isolated ? "notify-isolated" : "notify"));
    const std::string env_file = file(isolated ? "env-isolated" : "env");
    const std::string command =
        "provider=exec command=\"sh -c \\\"env > " + env_file + "; echo 10.0.0.1\\\"\"";
    std::vector<std::string> args{"-retry-join", command, "--join-backend", "log"};
    if (isolated) args.push_back("--isolate-plugins");
    const CommandResult result = run_under(socket, args);
    ASSERT_EQ(result.status, 0) << result.err;
    std::ifstream in(env_file);
    const std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(env.find("XDG_CACHE_HOME="), std::string::npos) << "the command printed its env";
    EXPECT_EQ(env.find("NOTIFY_SOCKET"), std::string::npos) << env;
    EXPECT_EQ(count_containing(socket.received(), "READY=1"), 1u)
        << "joinery itself still notifies";
  }
}

TEST_F(SystemdNotify, TurnedOffByFlagOrConfigSendsNothing) {
  const std::string config = write("off.toml", "systemd_notify = false\n");
  for (const std::vector<std::string> &off : {std::vector<std::string>{"--systemd-notify=false"},
                                              std::vector<std::string>{"--config", config}}) {
    NotifySocket socket(file("notify"));
    std::vector<std::string> args{
        "-retry-join",     "10.0.0.1",
        "-retry-max",      "1",
        "-retry-interval", "1ms",
        "--join-backend",  "flaky fail_times=1 state_file=" + file("state-" + off[0])};
    args.insert(args.end(), off.begin(), off.end());
    const CommandResult result = run_under(socket, args);
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(socket.received(), std::vector<std::string>{}) << off[0];
  }
}

TEST_F(SystemdNotify, FlagOverridesTheConfigKey) {
  const std::string config = write("off.toml", "systemd_notify = false\n");
  NotifySocket socket(file("notify"));
  const CommandResult result = run_under(
      socket,
      {"--config", config, "--systemd-notify", "-retry-join", "10.0.0.1", "--join-backend", "log"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(count_containing(socket.received(), "READY=1"), 1u);
}

TEST_F(SystemdNotify, ValidateSaysWhetherRunWouldNotify) {
  const CommandResult on =
      joinery("validate", {"-retry-join", "10.0.0.1", "--join-backend", "log"});
  EXPECT_EQ(on.status, 0) << on.err;
  EXPECT_NE(on.out.find("systemd notification: on when NOTIFY_SOCKET is set\n"), std::string::npos)
      << on.out;
  const CommandResult off = joinery("validate", {"--systemd-notify=false"});
  EXPECT_EQ(off.status, 0) << off.err;
  EXPECT_NE(off.out.find("systemd notification: off"), std::string::npos) << off.out;
}

}  // namespace
}  // namespace joinery::test
