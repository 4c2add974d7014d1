// `joinery discover` with the mdns provider as an operator runs it, against real mDNS
// responders: each test runs mdns_network.py under `unshare -n`, which makes a private
// network (loopback for IPv4, a veth pair for IPv6), starts the responders and then
// the joinery command, so no query or answer leaves the machine.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <thread>

#include "support/child_process.hpp"
#include "support/paths.hpp"

namespace joinery {
namespace {

using std::chrono::seconds;
using Strings = std::vector<std::string>;

// Debian's python3: python3-zeroconf is installed for it (scripts/install-deps).
const char *const debian_python = "/usr/bin/python3";

// Why network namespaces cannot be made here ("" when they can).
std::string namespaces_unavailable() {
  static const std::string why = [] {
    const test::CommandResult probe = test::run({"unshare", "-n", "true"}, seconds(10));
    return probe.status == 0 ? std::string()
                             : "network namespaces unavailable (`unshare -n true` exited " +
                                   std::to_string(probe.status) + ": " + probe.err + ")";
  }();
  return why;
}

// unshare -n mdns_network.py RESPONDERS... -- joinery discover --plugin-dir ... ARGS...
Strings in_namespace(const Strings &responders, const Strings &discover_args) {
  Strings argv = {"unshare", "-n", debian_python,
                  (test::source_dir() / "tests/plugins/mdns/mdns_network.py").string()};
  argv.insert(argv.end(), responders.begin(), responders.end());
  argv.insert(argv.end(), {"--", test::joinery_binary().string(), "discover", "--log-level",
                           "debug", "--plugin-dir", test::bundled_plugin_dir().string()});
  argv.insert(argv.end(), discover_args.begin(), discover_args.end());
  return argv;
}

test::CommandResult discover_on_private_network(const Strings &responders,
                                                const std::string &provider) {
  return test::run(in_namespace(responders, {provider}), seconds(60));
}

const std::string service = "provider=mdns service=_joinery._tcp timeout=1s";

class MdnsDiscover : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = namespaces_unavailable(); !why.empty()) GTEST_SKIP() << why;
  }
};

TEST_F(MdnsDiscover, FindsEveryInstancePreferringIPv6) {
  const auto result = discover_on_private_network(
      {"--zeroconf", "all", "--instance", "dual", "8301", "127.0.0.11,fd00::11", "--instance",
       "four", "8302", "127.0.0.12", "--instance", "six", "8303", "fd00::13"},
      service);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "127.0.0.12:8302 [fd00::11]:8301 [fd00::13]:8303\n") << result.err;
  EXPECT_NE(result.err.find("mdns: dual._joinery._tcp.local -> [fd00::11]:8301"), std::string::npos)
      << result.err;
}

TEST_F(MdnsDiscover, V4OnlyAsksOverIPv4AndTakesTheIPv4Address) {
  const auto result =
      discover_on_private_network({"--zeroconf", "v4", "--instance", "dual", "8301",
                                   "127.0.0.11,fd00::11", "--instance", "six", "8303", "fd00::13"},
                                  service + " v6=false");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "127.0.0.11:8301\n") << result.err;
  EXPECT_NE(result.err.find("six._joinery._tcp.local: no IPv4 address of its host six.local"),
            std::string::npos)
      << result.err;
}

TEST_F(MdnsDiscover, V6OnlyAsksOverIPv6AndTakesTheIPv6Address) {
  const auto result = discover_on_private_network(
      {"--zeroconf", "v6", "--instance", "dual", "8301", "127.0.0.11,fd00::11", "--instance",
       "four", "8302", "127.0.0.12"},
      service + " v4=false");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "[fd00::11]:8301\n") << result.err;
}

TEST_F(MdnsDiscover, NoAnswerWithinTheTimeoutIsNoAddresses) {
  const auto result = discover_on_private_network({}, service);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "\n");
  EXPECT_NE(result.err.find("mdns: no instance of _joinery._tcp.local answered in "),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("deadline"), std::string::npos) << result.err;
}

// The piecemeal responder answers the PTR question with the PTR record alone, then
// the SRV question with the SRV alone, then the address question: the instance is
// completed from three packets, and the garbage answers in between change nothing.
TEST_F(MdnsDiscover, CompletesAnInstanceFromLaterPacketsAndIgnoresGarbage) {
  const auto result = discover_on_private_network(
      {"--garbage", "--piecemeal", "parts", "8305", "127.0.0.15,fd00::15"}, service);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "[fd00::15]:8305\n") << result.err;
  for (const char *asked : {"asked ptr _joinery._tcp.local.",
                            "asked srv parts._joinery._tcp.local.", "asked quada parts.local."}) {
    EXPECT_NE(result.err.find(asked), std::string::npos) << asked << " in:\n" << result.err;
  }
  EXPECT_NE(result.err.find("datagram(s) that were not readable mDNS answers"), std::string::npos)
      << result.err;
}

TEST_F(MdnsDiscover, GarbageAloneGivesNoAddresses) {
  const auto result = discover_on_private_network({"--garbage"}, service);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "\n");
  EXPECT_NE(result.err.find("not readable mDNS answers"), std::string::npos) << result.err;
}

// The call's deadline (--timeout 1s) comes long before the provider's timeout (10m):
// listening stops at the deadline and what came by then is returned; a provider that
// waited for its own timeout would outlive the test's 60 s.
TEST_F(MdnsDiscover, TheCallsDeadlineCutsListeningShort) {
  const auto result = test::run(
      in_namespace({"--zeroconf", "v4", "--instance", "four", "8302", "127.0.0.12"},
                   {"--timeout", "2s", "provider=mdns service=_joinery._tcp timeout=10m"}),
      seconds(60));
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "127.0.0.12:8302\n") << result.err;
}

TEST_F(MdnsDiscover, NothingBeforeTheDeadlineSaysTheDeadlineCutItShort) {
  const auto result = test::run(
      in_namespace({}, {"--timeout", "1s", "provider=mdns service=_joinery._tcp timeout=10m"}),
      seconds(60));
  EXPECT_EQ(result.out, "\n") << result.err;
  EXPECT_NE(result.err.find("the call's deadline came before the timeout of 10m"),
            std::string::npos)
      << result.err;
}

// SIGTERM while listening (the responder has seen the question): the call's cancel_fd
// wakes the provider at once, long before its 10m timeout.
TEST_F(MdnsDiscover, CancellationStopsListening) {
  test::ChildProcess command(in_namespace({"--piecemeal", "late", "8306", "127.0.0.16"},
                                          {"provider=mdns service=_nobody._tcp timeout=10m"}));
  bool asked = false;
  for (int i = 0; i < 300 && !asked; ++i) {
    asked = command.stderr_text().find("asked ptr _nobody._tcp.local.") != std::string::npos;
    if (!asked) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(asked) << command.stderr_text();
  EXPECT_EQ(command.stop(SIGTERM, seconds(30)), 128 + SIGTERM) << command.stderr_text();
  EXPECT_EQ(command.stdout_text(), "") << command.stderr_text();
}

TEST(MdnsKeys, AnInvalidValueNamesTheKey) {
  const Strings base = {test::joinery_binary().string(), "discover", "--plugin-dir",
                        test::bundled_plugin_dir().string()};
  const std::pair<std::string, std::string> cases[] = {
      {"provider=mdns", "service"},
      {"provider=mdns service=_a._tcp timeout=soon", "timeout"},
      {"provider=mdns service=_a._tcp v6=maybe", "v6"},
      {"provider=mdns service=_a._tcp v4=false v6=false", "v4 and v6 are both false"},
      {"provider=mdns service=\"a b\"", "service"},
  };
  for (const auto &[provider, named] : cases) {
    Strings argv = base;
    argv.push_back(provider);
    const auto result = test::run(argv, seconds(20));
    EXPECT_EQ(result.status, 2) << provider << ": " << result.err;
    EXPECT_NE(result.err.find(named), std::string::npos) << provider << ": " << result.err;
  }
}

TEST(MdnsKeys, HelpProviderShowsTheKeysAndExamples) {
  const auto result = test::run({test::joinery_binary().string(), "discover", "--plugin-dir",
                                 test::bundled_plugin_dir().string(), "--help-provider", "mdns"},
                                seconds(20));
  EXPECT_EQ(result.status, 0) << result.err;
  for (const char *text :
       {"service", "domain", "timeout", "v6", "v4", "provider=mdns service=_consul._tcp"}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text << " missing in:\n" << result.out;
  }
}

}  // namespace
}  // namespace joinery
