// The dns and srv providers as the host sees them: joinery-dns.so loaded through the
// host's plugin layer, called through the C ABI with the host's deadline and stop.
#include <gtest/gtest.h>

#include <thread>

#include "base/call_context.hpp"
#include "base/stop_source.hpp"
#include "support/bundled_plugin.hpp"
#include "support/dnsmasq.hpp"
#include "support/log_capture.hpp"

namespace joinery {
namespace {

using plugins::CallContext;
using plugins::KeyValues;
using std::chrono::milliseconds;

using Outcome = plugins::Discovered;

class DnsPlugin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::Dnsmasq({.hosts = {{"one.test", {"127.0.0.11"}},
                                           {"dual.test", {"127.0.0.31", "fd00::31"}},
                                           {"n1.test", {"127.0.0.41"}}},
                                 .srv = {{"_serf._tcp.test", "n1.test", 7946, 0, 0}}});
  }
  static void TearDownTestSuite() { delete server_; }

  // Calls provider `name` with `config` (plus declared defaults) as the host does.
  Outcome discover(std::string_view name, const KeyValues &config,
                   CallContext::Options options = {}) {
    const auto provider = plugins_.provider(name);
    const KeyValues full = test::checked(provider->keys(), config);
    CallContext call(std::move(options));
    if (plugins::PluginResult checked = provider->validate(call, full); !checked.ok()) {
      return {std::move(checked), {}};
    }
    return provider->discover(call, full);
  }

  static test::Dnsmasq *server_;
  test::BundledPlugins plugins_;
};

test::Dnsmasq *DnsPlugin::server_ = nullptr;

TEST_F(DnsPlugin, FindsAddressesThroughTheAbi) {
  const Outcome outcome =
      discover("dns", {{"name", "dual.test"}, {"port", "8301"}, {"resolver", server_->address()}});
  EXPECT_TRUE(outcome.result.ok()) << outcome.result.message;
  EXPECT_EQ(outcome.addresses, (std::vector<std::string>{"127.0.0.31:8301", "[fd00::31]:8301"}));
}

TEST_F(DnsPlugin, ValidateRejectsAValueTheKeyTypeCannotCatch) {
  const Outcome outcome = discover("dns", {{"name", "one.test"}, {"type", "mx"}});
  EXPECT_EQ(outcome.result.status, JOINERY_INVALID_CONFIG);
  EXPECT_EQ(outcome.result.message, "type: \"mx\" is not one of a, aaaa, any");
}

TEST_F(DnsPlugin, NxdomainIsNotFoundNamingTheName) {
  const Outcome outcome = discover("dns", {{"name", "nx.test"}, {"resolver", server_->address()}});
  EXPECT_EQ(outcome.result.status, JOINERY_NOT_FOUND);
  EXPECT_EQ(outcome.result.message, "lookup nx.test on " + server_->address() + ": no such host");
}

TEST_F(DnsPlugin, ANameThatFailsBesideOthersIsLoggedAsAWarning) {
  Outcome outcome;
  const std::string log = test::capture_log([&] {
    outcome = discover("dns", {{"name", "nx.test,one.test"}, {"resolver", server_->address()}});
  });
  EXPECT_TRUE(outcome.result.ok()) << outcome.result.message;
  EXPECT_EQ(outcome.addresses, std::vector<std::string>{"127.0.0.11"});
  EXPECT_NE(log.find("lookup nx.test on " + server_->address() + ": no such host"),
            std::string::npos)
      << log;
}

TEST_F(DnsPlugin, TheHostsStopEndsAHangingLookupAsCancelled) {
  // A paused dnsmasq keeps its sockets: queries arrive and are never answered.
  test::Dnsmasq frozen({});
  frozen.pause();
  plugins::StopSource stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(50));
    stop.request_stop();
  });
  const Outcome outcome =
      discover("dns", {{"name", "one.test"}, {"resolver", frozen.address()}, {"timeout", "1m"}},
               {.stop = &stop});
  stopper.join();
  EXPECT_EQ(outcome.result.status, JOINERY_CANCELLED) << outcome.result.message;
}

TEST_F(DnsPlugin, TheHostsDeadlineEndsAHangingLookupAsCancelled) {
  test::Dnsmasq frozen({});
  frozen.pause();
  const Outcome outcome = discover(
      "srv",
      {{"service", "serf"}, {"domain", "test"}, {"resolver", frozen.address()}, {"timeout", "1m"}},
      {.deadline = std::chrono::steady_clock::now() + milliseconds(100)});
  EXPECT_EQ(outcome.result.status, JOINERY_CANCELLED) << outcome.result.message;
}

TEST_F(DnsPlugin, SrvFindsTargetsThroughTheAbi) {
  const Outcome outcome =
      discover("srv", {{"service", "serf"}, {"domain", "test"}, {"resolver", server_->address()}});
  EXPECT_TRUE(outcome.result.ok()) << outcome.result.message;
  EXPECT_EQ(outcome.addresses, std::vector<std::string>{"n1.test:7946"});
}

TEST_F(DnsPlugin, SrvResolvesTargetsThroughTheAbi) {
  const Outcome outcome = discover("srv", {{"service", "serf"},
                                           {"domain", "test"},
                                           {"resolve", "true"},
                                           {"resolver", server_->address()}});
  EXPECT_TRUE(outcome.result.ok()) << outcome.result.message;
  EXPECT_EQ(outcome.addresses, std::vector<std::string>{"127.0.0.41:7946"});
}

}  // namespace
}  // namespace joinery
