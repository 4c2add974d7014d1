// `joinery discover`, run as the real binary: go-discover's `discover addrs` output,
// flags and help, joinery's exit statuses, and a provider that will not return.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;
using test::CommandResult;

const std::string fixture_dir = JOINERY_DISCOVERY_FIXTURE_PLUGIN_DIR;

// `joinery discover ARGS...` with the fixture providers on the search path.
CommandResult discover(std::vector<std::string> args, std::chrono::milliseconds timeout = 10s) {
  std::vector<std::string> argv = {test::joinery_binary().string(), "discover", "--plugin-dir",
                                   fixture_dir};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run(argv, timeout);
}

TEST(DiscoverCommand, PrintsTheAddressesSpaceSeparatedOnOneLine) {
  const CommandResult r = discover({"provider=static addrs=10.0.0.1,[::1]:8301,10.0.0.1"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.0.1 [::1]:8301\n");
  EXPECT_NE(r.err.find("Discovered servers"), std::string::npos) << r.err;
}

TEST(DiscoverCommand, TakesGoDiscoversAddrsWordAndJoinsItsArguments) {
  const CommandResult r = discover({"addrs", "provider=static", "addrs=10.0.0.1,10.0.0.2"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.0.1 10.0.0.2\n");
}

TEST(DiscoverCommand, PrintsAnEmptyLineWhenNothingIsFound) {
  const CommandResult r = discover({"provider=static addrs=,"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "\n");
}

TEST(DiscoverCommand, QuietSilencesTheLog) {
  const CommandResult r = discover({"-q", "provider=static addrs=10.0.0.1"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "10.0.0.1\n");
  EXPECT_EQ(r.err, "");
}

TEST(DiscoverCommand, JsonPrintsAnArray) {
  const CommandResult r = discover({"--json", "provider=static addrs=10.0.0.1,[::1]:8301"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out), nlohmann::json({"10.0.0.1", "[::1]:8301"}));
  const CommandResult empty = discover({"--json", "provider=static addrs=,"});
  EXPECT_EQ(nlohmann::json::parse(empty.out), nlohmann::json::array());
}

TEST(DiscoverCommand, AcceptsLongFlagsWithOneDash) {
  const CommandResult r = test::run({test::joinery_binary().string(), "discover", "-plugin-dir",
                                     fixture_dir, "-json", "-timeout", "5s", "provider=failing"},
                                    10s);
  EXPECT_EQ(r.status, 1) << r.err;
  const CommandResult ok = test::run(
      {test::joinery_binary().string(), "discover", "-json", "provider=static addrs=10.0.0.1"},
      10s);
  EXPECT_EQ(ok.out, "[\"10.0.0.1\"]\n");
}

TEST(DiscoverCommand, HelpListsEveryInstalledProvider) {
  for (const std::vector<std::string> &args : {std::vector<std::string>{"-h"}, {"--help"}, {}}) {
    const CommandResult r = discover(args);
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("Usage: joinery discover"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Examples:"), std::string::npos);
    EXPECT_NE(r.out.find("static: returns the addresses it is configured with"), std::string::npos);
    EXPECT_NE(r.out.find("sleepy: sleeps"), std::string::npos) << r.out;
    // Aligned with the host's KEY_file and KEY_env lines under the secret key.
    EXPECT_NE(r.out.find("token       string, required, secret"), std::string::npos) << r.out;
    EXPECT_NE(
        r.out.find("token_file  string                    a file holding token, read by joinery\n"),
        std::string::npos)
        << r.out;
  }
}

TEST(DiscoverCommand, HelpProviderPrintsOneProvidersHelp) {
  const CommandResult r = discover({"--help-provider", "leaky"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("leaky: echoes its secret token", 0), 0u) << r.out;
  EXPECT_EQ(r.out.find("static:"), std::string::npos);
  const CommandResult unknown = discover({"--help-provider", "nope"});
  EXPECT_EQ(unknown.status, 3);
  EXPECT_NE(unknown.err.find("discover: unknown provider nope"), std::string::npos);
}

// go-discover's `discover` prints its usage and every provider's help for anything but
// `addrs`; `help NAME` narrows it to one provider (issue 15 item 11).
TEST(DiscoverCommand, HelpPrintsTheUsageAndEveryProvidersHelpAndHelpNameOneProvider) {
  for (const std::vector<std::string> &args :
       {std::vector<std::string>{"help"}, std::vector<std::string>{}}) {
    const CommandResult all = discover(args);
    EXPECT_EQ(all.status, 0) << all.err;
    EXPECT_EQ(all.out.rfind("Usage: joinery discover", 0), 0u) << all.out;
    EXPECT_NE(all.out.find("leaky: echoes its secret token"), std::string::npos) << all.out;
    EXPECT_NE(all.out.find("static:"), std::string::npos) << all.out;
  }
  const CommandResult one = discover({"help", "leaky"});
  EXPECT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(one.out, discover({"--help-provider", "leaky"}).out);
  EXPECT_EQ(one.out.find("static:"), std::string::npos);
  EXPECT_EQ(discover({"help", "nope"}).status, 3);
  const CommandResult two = discover({"help", "leaky", "static"});
  EXPECT_EQ(two.status, 2);
  EXPECT_NE(two.err.find("'help' takes one provider name"), std::string::npos) << two.err;
}

TEST(DiscoverCommand, JoineryHelpCommandPrintsThatCommandsHelp) {
  const auto joinery = [](std::vector<std::string> args) {
    args.insert(args.begin(), test::joinery_binary().string());
    return test::run(args, 10s);
  };
  for (const std::string command : {"run", "validate", "discover", "plugins", "version"}) {
    const CommandResult help = joinery({"help", command});
    EXPECT_EQ(help.status, 0) << command << ": " << help.err;
    EXPECT_EQ(help.out, joinery({command, "--help"}).out) << command;
    EXPECT_FALSE(help.out.empty()) << command;
  }
  const CommandResult provider = joinery({"help", "discover", "static"});
  EXPECT_EQ(provider.status, 0) << provider.err;
  EXPECT_EQ(provider.out.rfind("static:", 0), 0u) << provider.out;
  const CommandResult unknown = joinery({"help", "nope"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown command 'nope'"), std::string::npos) << unknown.err;
}

// Issue 17 item 6: a plugin's log line and its error are the plugin's (or a server's)
// bytes; a newline in either forged a line, ANSI escapes reached the terminal, and the
// last stderr line echoed them raw.
TEST(DiscoverCommand, APluginsLogLineAndErrorCannotForgeLinesOrReachTheTerminal) {
  for (const bool isolated : {false, true}) {
    std::vector<std::string> args;
    if (isolated) args.push_back("--isolate-plugins");
    args.push_back(
        R"(provider=failing log="found\nINJECTED [ERROR] agent: fake line\x1b[31m\xc2\x9b" )"
        R"(message="nope\r\nINJECTED [ERROR] agent: fake error\x1b[2J")");
    const CommandResult r = discover(args);
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("\xC2\x9B"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("\nINJECTED"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[WARN]  agent.plugin.failing: found\\x0aINJECTED [ERROR] agent: fake "
                         "line\\x1b[31m\\xc2\\x9b\n"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("error=\"nope\\x0d\\x0aINJECTED [ERROR] agent: fake "
                         "error\\x1b[2J\"\n"),
              std::string::npos)
        << r.err;
    const std::string last =
        "discover: nope\\x0d\\x0aINJECTED [ERROR] agent: fake error"
        "\\x1b[2J\n";
    EXPECT_EQ(r.err.substr(r.err.size() - std::min(r.err.size(), last.size())), last) << r.err;
  }
}

TEST(DiscoverCommand, ABadProviderStringExitsTwoWithGoDiscoversMessage) {
  const CommandResult r = discover({"provider=static addrs=10.0.0.1 key"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "discover: key: missing '='\n");
  const CommandResult none = discover({"addrs"});
  EXPECT_EQ(none.status, 2);
  EXPECT_EQ(none.err, "discover: no provider\n");
}

TEST(DiscoverCommand, AnUnknownKeyExitsTwoWithTheProvidersHelp) {
  const CommandResult r = discover({"provider=static addrs=10.0.0.1 adrs=x"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown key 'adrs' (did you mean 'addrs'?)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("static: returns the addresses"), std::string::npos) << r.err;
}

TEST(DiscoverCommand, ManyUnknownKeysAreReportedBoundedNotOnceEach) {
  // Each line quotes the whole entry: 8,000 unknown keys once made 632 MB of stderr.
  std::string entry = "provider=static addrs=10.0.0.1";
  for (int i = 0; i < 5000; ++i) entry += " unknown" + std::to_string(i) + "=x";
  const CommandResult r = discover({entry});
  EXPECT_EQ(r.status, 2);
  std::size_t unknown_lines = 0;
  for (std::size_t at = r.err.find("unknown key"); at != std::string::npos;
       at = r.err.find("unknown key", at + 1)) {
    ++unknown_lines;
  }
  EXPECT_EQ(unknown_lines, 10u) << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("and 4990 more problems with its keys"), std::string::npos)
      << r.err.substr(0, 2000);
  EXPECT_LT(r.err.size(), 20 * entry.size());
}

TEST(DiscoverCommand, AnUnknownProviderExitsThree) {
  const CommandResult r = discover({"provider=nope"});
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("discover: unknown provider nope"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Installed providers: "), std::string::npos) << r.err;
}

TEST(DiscoverCommand, ADiscoveryFailureExitsOne) {
  const CommandResult r = discover({"-q", "provider=failing message=\"no route to the API\""});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "discover: no route to the API\n");
}

TEST(DiscoverCommand, ReturnsAlthoughTheProviderIgnoresItsDeadline) {
  // The provider sleeps for a minute; the command gives up at its timeout.
  const CommandResult r = discover({"--timeout", "200ms", "provider=sleepy seconds=60"}, 5s);
  EXPECT_EQ(r.status, 1) << "still running after 5 s";
  EXPECT_NE(r.err.find("no answer within the discovery timeout (200ms)"), std::string::npos)
      << r.err;
}

TEST(DiscoverCommand, NeverPrintsASecret) {
  const CommandResult r = discover({"provider=leaky token=t0p-s3cret"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.find("t0p-s3cret"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("token *** was refused"), std::string::npos) << r.err;
  const CommandResult rejected = discover({"provider=leaky token=t0p-s3cret region=invalid"});
  EXPECT_EQ(rejected.status, 2);
  EXPECT_EQ(rejected.err.find("t0p-s3cret"), std::string::npos) << rejected.err;
}

TEST(DiscoverCommand, ReadsPluginDirsAndTheTimeoutFromAConfigFile) {
  test::TempDir dir;
  const auto file = dir.write(
      "joinery.toml", "plugin_dirs = [\"" + fixture_dir + "\"]\ndiscovery_timeout = \"150ms\"\n");
  const CommandResult r = test::run({test::joinery_binary().string(), "discover", "--config",
                                     file.string(), "provider=sleepy seconds=60"},
                                    5s);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("(150ms)"), std::string::npos) << r.err;
}

TEST(DiscoverCommand, ABadConfigFileExitsTwo) {
  test::TempDir dir;
  const auto file = dir.write("joinery.toml", "discovery_timeout = \"soon\"\n");
  const CommandResult r = test::run({test::joinery_binary().string(), "discover", "--config",
                                     file.string(), "provider=static addrs=10.0.0.1"},
                                    5s);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("joinery.toml:1:"), std::string::npos) << r.err;
}

TEST(DiscoverCommand, SigintStopsAProviderCallAndExits130) {
  test::ChildProcess child({test::joinery_binary().string(), "discover", "--plugin-dir",
                            fixture_dir, "--timeout", "1m", "provider=patient"});
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (child.stderr_text().find("waiting for cancel_fd") == std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_NE(child.stderr_text().find("waiting for cancel_fd"), std::string::npos);
  EXPECT_EQ(child.stop(SIGINT, 5s), 130);
  EXPECT_EQ(child.stdout_text(), "");
}

}  // namespace
}  // namespace joinery
