// The exec plugin's provider and backend as the host calls them: through the
// registry, with the host's call context, running real commands.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "logging/log.hpp"

#include "support/bundled_plugin.hpp"
#include "support/log_capture.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using plugins::CallContext;

class ExecPlugin : public testing::Test {
 protected:
  plugins::Discovered discover(const plugins::KeyValues &keys, CallContext::Options options = {}) {
    CallContext call(std::move(options));
    const plugins::KeyValues config = checked(provider_->keys(), keys);
    if (plugins::PluginResult checked = provider_->validate(call, config); !checked.ok()) {
      return {std::move(checked), {}};
    }
    return provider_->discover(call, config);
  }

  plugins::Joined join(const plugins::KeyValues &keys, const std::vector<std::string> &addresses) {
    CallContext call({});
    auto [result, instance] = backend_->create(call, checked(backend_->keys(), keys));
    if (!instance) return {std::move(result), 0};
    return instance->join(call, "LAN", addresses);
  }

  BundledPlugins plugins_;
  std::shared_ptr<const plugins::DiscoveryProvider> provider_ = plugins_.provider("exec");
  std::shared_ptr<const plugins::JoinBackend> backend_ = plugins_.backend("exec");
};

TEST_F(ExecPlugin, ProviderReturnsEveryWordTheCommandPrints) {
  TempDir dir;
  const auto peers = dir.write("peers", "10.0.0.1\n  10.0.0.2:8301\t[::1]:7946\n\n");
  const auto [result, found] = discover({{"command", "cat " + peers.string()}});
  ASSERT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(found, (std::vector<std::string>{"10.0.0.1", "10.0.0.2:8301", "[::1]:7946"}));
}

TEST_F(ExecPlugin, ProviderFailsWithTheExitStatusAndStderr) {
  const auto result =
      discover({{"command", R"(["sh", "-c", "echo 10.0.0.1; echo inventory down >&2; exit 2"])"}})
          .result;
  EXPECT_EQ(result.status, JOINERY_UNAVAILABLE);
  EXPECT_NE(result.message.find("exited with status 2; stderr: inventory down"), std::string::npos)
      << result.message;
}

TEST_F(ExecPlugin, ProviderKillsAHangingCommandAtTheDeadline) {
  const auto result = discover({{"command", "sleep 30"}, {"timeout", "1m"}},
                               {.deadline = std::chrono::steady_clock::now() + 200ms})
                          .result;
  EXPECT_EQ(result.status, JOINERY_CANCELLED);
  EXPECT_EQ(result.message, "command `sleep 30` was killed: the attempt's deadline passed");
}

TEST_F(ExecPlugin, ProviderRejectsAnUnclosedQuoteBeforeRunningAnything) {
  const auto result = discover({{"command", R"(sh -c "echo)"}}).result;
  EXPECT_EQ(result.status, JOINERY_INVALID_CONFIG);
  EXPECT_EQ(result.message, "command: the double quote at character 7 is never closed");
}

TEST_F(ExecPlugin, BackendJoinsWithTheSerfCli) {
  SerfAgent a({.node = "a"}), b({.node = "b"}), c({.node = "c"});
  const auto [result, joined] = join({{"command", "serf join -rpc-addr=" + a.rpc_address()}},
                                     {b.bind_address(), c.bind_address()});
  ASSERT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(joined, 2u);
  EXPECT_TRUE(a.wait_for_alive(3, 5s));
}

TEST_F(ExecPlugin, BackendLogsTheCommandsStderr) {
  plugins::PluginResult result;
  const std::string log = capture_log([&] {
    result = join({{"command", R"(sh -c "echo \"to $JOINERY_CLUSTER: $JOINERY_ADDRS\" >&2")"}},
                  {"10.0.0.1", "[::1]:7946"})
                 .result;
  });
  ASSERT_TRUE(result.ok()) << result.message;
  EXPECT_NE(log.find("command stderr: to LAN: 10.0.0.1 [::1]:7946"), std::string::npos) << log;
}

TEST_F(ExecPlugin, BackendFailsWithTheCommandsExitStatus) {
  const auto result = join({{"command", "false"}}, {"10.0.0.1"}).result;
  EXPECT_EQ(result.status, JOINERY_UNAVAILABLE);
  EXPECT_EQ(result.message, "command `false` exited with status 1");
}

TEST_F(ExecPlugin, BackendRefusesAnAddressThatStartsWithADashWithoutRunningTheCommand) {
  TempDir dir;
  const auto ran = dir.path() / "ran";
  const auto result = join({{"command", R"(["sh", "-c", "touch )" + ran.string() + R"(", "sh"])"}},
                           {"10.0.0.1", "-rpc-addr=127.0.0.1:19200"})
                          .result;
  EXPECT_EQ(result.status, JOINERY_INVALID_CONFIG);
  EXPECT_NE(result.message.find("the address \"-rpc-addr=127.0.0.1:19200\" starts with '-' and "
                                "would be read as an option"),
            std::string::npos)
      << result.message;
  EXPECT_FALSE(std::filesystem::exists(ran)) << "the command ran";
}

TEST_F(ExecPlugin, BackendPutsTheEndOfOptionsBeforeTheAddressesWhenAskedTo) {
  const auto arguments = [&](const std::string &end_of_options) {
    plugins::PluginResult result;
    const std::string log = capture_log([&] {
      result = join({{"command", R"(["sh", "-c", "echo \"args: $*\" >&2", "sh"])"},
                     {"end_of_options", end_of_options}},
                    {"10.0.0.1", "[::1]:7946"})
                   .result;
    });
    EXPECT_TRUE(result.ok()) << result.message;
    return log;
  };
  EXPECT_NE(arguments("true").find("command stderr: args: -- 10.0.0.1 [::1]:7946"),
            std::string::npos);
  EXPECT_NE(arguments("false").find("command stderr: args: 10.0.0.1 [::1]:7946"),
            std::string::npos);
}

// The number of bytes `seq FIRST LAST` prints, without its newlines.
std::size_t digits_of_seq(std::size_t first, std::size_t last) {
  std::size_t bytes = 0;
  for (std::size_t i = first; i <= last; ++i) bytes += std::to_string(i).size();
  return bytes;
}

TEST_F(ExecPlugin, BackendLogsTheFirstStderrLinesThenCountsTheRest) {
  plugins::PluginResult result;
  const std::string log = capture_log([&] {
    result = join({{"command", R"(["sh", "-c", "seq 300000 >&2"])"}}, {"10.0.0.1"}).result;
  });
  ASSERT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(count_of(log, "command stderr: "), 201u);
  EXPECT_NE(log.find("command stderr: 200\n"), std::string::npos);
  EXPECT_EQ(log.find("command stderr: 201\n"), std::string::npos);
  EXPECT_NE(
      log.find("command stderr: 299800 more lines (" + std::to_string(digits_of_seq(201, 300000)) +
               " bytes) not logged: at most 200 lines and 32 KiB of each stream are logged "
               "per call"),
      std::string::npos)
      << log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
  EXPECT_LT(log.size(), 64u * 1024);
}

TEST_F(ExecPlugin, BackendStopsLoggingStderrAtItsByteShare) {
  plugins::PluginResult result;
  // 40 lines of 999 characters: 32 fit in 32 KiB.
  const std::string log = capture_log([&] {
    result = join({{"command", R"(["sh", "-c", "yes $(printf %0999d 0) | head -n 40 >&2"])"}},
                  {"10.0.0.1"})
                 .result;
  });
  ASSERT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(count_of(log, "command stderr: 000"), 32u);
  EXPECT_NE(log.find("command stderr: 8 more lines (7992 bytes) not logged"), std::string::npos)
      << log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
}

TEST_F(ExecPlugin, ProviderLogsTheFirstStderrLinesThenCountsTheRest) {
  logging::configure(logging::Level::debug, false);
  plugins::Discovered discovered;
  const std::string log = capture_log([&] {
    discovered = discover({{"command", R"(["sh", "-c", "seq 300000 >&2; echo 10.0.0.1"])"}});
  });
  const auto &[result, found] = discovered;
  logging::configure(logging::Level::info, false);
  ASSERT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(found, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(count_of(log, "command stderr: "), 201u);
  EXPECT_NE(log.find("command stderr: 299800 more lines (" +
                     std::to_string(digits_of_seq(201, 300000)) + " bytes) not logged"),
            std::string::npos)
      << log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
}

}  // namespace
}  // namespace joinery::test
