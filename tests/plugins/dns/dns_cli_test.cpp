// `joinery discover` with the dns and srv providers, as an operator runs it, against a
// real dnsmasq on loopback.
#include <gtest/gtest.h>

#include "support/child_process.hpp"
#include "support/dnsmasq.hpp"
#include "support/paths.hpp"

namespace joinery {
namespace {

using std::chrono::seconds;

class DnsDiscoverCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::Dnsmasq(
        {.hosts = {{"dual.test", {"127.0.0.31", "fd00::31"}}, {"n1.test", {"127.0.0.41"}}},
         .srv = {{"_serf._tcp.test", "n1.test", 7946, 0, 0}}});
  }
  static void TearDownTestSuite() { delete server_; }

  // `joinery discover --plugin-dir BUNDLED ARGS...`
  static test::CommandResult discover(std::vector<std::string> args) {
    std::vector<std::string> argv = {test::joinery_binary().string(), "discover", "--plugin-dir",
                                     test::bundled_plugin_dir().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run(argv, seconds(20));
  }

  static test::Dnsmasq *server_;
};

test::Dnsmasq *DnsDiscoverCommand::server_ = nullptr;

TEST_F(DnsDiscoverCommand, PrintsTheAddressesOfANameOnOneLine) {
  const auto result =
      discover({"provider=dns name=dual.test port=8301 resolver=" + server_->address()});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "127.0.0.31:8301 [fd00::31]:8301\n");
}

TEST_F(DnsDiscoverCommand, PrintsSrvTargetsAndTheirAddresses) {
  const std::string srv = "provider=srv service=serf domain=test resolver=" + server_->address();
  const auto targets = discover({srv});
  EXPECT_EQ(targets.status, 0) << targets.err;
  EXPECT_EQ(targets.out, "n1.test:7946\n");
  const auto addresses = discover({srv + " resolve=true"});
  EXPECT_EQ(addresses.status, 0) << addresses.err;
  EXPECT_EQ(addresses.out, "127.0.0.41:7946\n");
}

TEST_F(DnsDiscoverCommand, AnUnknownNameFailsNamingIt) {
  const auto result = discover({"provider=dns name=nx.test resolver=" + server_->address()});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("lookup nx.test on " + server_->address() + ": no such host"),
            std::string::npos)
      << result.err;
}

TEST_F(DnsDiscoverCommand, ABadTypeIsAConfigurationError) {
  const auto result = discover({"provider=dns name=a.test type=mx"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("type: \"mx\" is not one of a, aaaa, any"), std::string::npos)
      << result.err;
}

TEST_F(DnsDiscoverCommand, HelpProviderShowsTheKeys) {
  const auto result = discover({"--help-provider", "srv"});
  EXPECT_EQ(result.status, 0) << result.err;
  for (const char *key : {"service", "proto", "domain", "resolve", "resolver", "timeout"}) {
    EXPECT_NE(result.out.find(key), std::string::npos) << key << " missing in:\n" << result.out;
  }
}

}  // namespace
}  // namespace joinery
