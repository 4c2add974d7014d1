// The `srv` provider's lookups against a real dnsmasq on loopback.
#include "dns/srv_discovery.hpp"

#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include <map>

#include "support/dnsmasq.hpp"

namespace joinery::dns {
namespace {

using std::chrono::seconds;
using test::Dnsmasq;

class SrvDiscovery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new Dnsmasq({.hosts = {{"n1.test", {"127.0.0.11"}},
                                     {"n2.test", {"127.0.0.12", "fd00::12"}},
                                     {"n3.test", {"127.0.0.13"}},
                                     {"plain.test", {"127.0.0.99"}}},
                           .srv = {{"_serf._tcp.test", "n3.test", 7003, 20, 10},
                                   {"_serf._tcp.test", "n1.test", 7001, 10, 50},
                                   {"_serf._tcp.test", "n2.test", 7002, 10, 50},
                                   {"_serf._udp.test", "n1.test", 8001, 0, 0},
                                   {"_dangling._tcp.test", "gone.test", 9001, 0, 0},
                                   {"_dangling._tcp.test", "n1.test", 9002, 5, 0},
                                   {"_lost._tcp.test", "gone.test", 9001, 0, 0},
                                   {"_closed._tcp.test", "", 0, 0, 0}}});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static SrvSettings settings(std::string name, bool resolve = false) {
    SrvSettings settings;
    settings.name = std::move(name);
    settings.resolve = resolve;
    settings.resolver = parse_name_server(server_->address());
    settings.timeout = seconds(5);
    return settings;
  }

  static Discovered discover(const SrvSettings &settings, std::uint64_t seed = 1) {
    std::mt19937_64 random(seed);
    return discover_srv(settings, {}, random);
  }

  static std::pair<sdk::Status, std::string> failure(const SrvSettings &settings) {
    try {
      (void)discover(settings);
    } catch (const sdk::Error &error) {
      return {error.status(), error.what()};
    }
    ADD_FAILURE() << "expected an error";
    return {sdk::Status::ok, ""};
  }

  static Dnsmasq *server_;
};

Dnsmasq *SrvDiscovery::server_ = nullptr;

TEST_F(SrvDiscovery, ReturnsTargetAndPortByPriority) {
  const Discovered found = discover(settings("_serf._tcp.test"));
  ASSERT_EQ(found.addresses.size(), 3u);
  // n1 and n2 share priority 10 (their order is the weighted draw); n3 has 20.
  std::vector<std::string> first_two(found.addresses.begin(), found.addresses.begin() + 2);
  std::sort(first_two.begin(), first_two.end());
  EXPECT_EQ(first_two, (std::vector<std::string>{"n1.test:7001", "n2.test:7002"}));
  EXPECT_EQ(found.addresses[2], "n3.test:7003");
}

TEST_F(SrvDiscovery, EqualWeightsPutEitherTargetFirst) {
  std::map<std::string, int> first;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    ++first[discover(settings("_serf._tcp.test"), seed).addresses.front()];
  }
  EXPECT_GT(first["n1.test:7001"], 0);
  EXPECT_GT(first["n2.test:7002"], 0);
  EXPECT_EQ(first["n3.test:7003"], 0);
}

TEST_F(SrvDiscovery, ResolveReturnsEveryAddressOfEachTargetWithItsPort) {
  const Discovered found = discover(settings("_serf._tcp.test", true));
  std::vector<std::string> all = found.addresses;
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all.back(), "127.0.0.13:7003");
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<std::string>{"127.0.0.11:7001", "127.0.0.12:7002", "127.0.0.13:7003",
                                           "[fd00::12]:7002"}));
}

TEST_F(SrvDiscovery, ResolveKeepsEachTargetsAddressesTogetherInRecordOrder) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto found = discover(settings("_serf._tcp.test", true), seed).addresses;
    ASSERT_EQ(found.size(), 4u);
    const auto v4 = std::find(found.begin(), found.end(), "127.0.0.12:7002");
    ASSERT_NE(v4, found.end());
    EXPECT_EQ(*(v4 + 1), "[fd00::12]:7002") << "seed " << seed;
  }
}

TEST_F(SrvDiscovery, UsesTheProto) {
  EXPECT_EQ(discover(settings("_serf._udp.test")).addresses,
            std::vector<std::string>{"n1.test:8001"});
}

TEST_F(SrvDiscovery, AnUnknownServiceIsNotFoundNamingTheName) {
  const auto [status, message] = failure(settings("_nothing._tcp.test"));
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_EQ(message, "lookup _nothing._tcp.test on " + server_->address() + ": no such host");
}

TEST_F(SrvDiscovery, ANameWithoutSrvRecordsIsNotFound) {
  const auto [status, message] = failure(settings("plain.test"));
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_EQ(message, "lookup plain.test on " + server_->address() + ": no SRV records");
}

TEST_F(SrvDiscovery, ATargetThatDoesNotResolveIsAWarningWhenOthersDo) {
  const Discovered found = discover(settings("_dangling._tcp.test", true));
  EXPECT_EQ(found.addresses, std::vector<std::string>{"127.0.0.11:9002"});
  ASSERT_EQ(found.warnings.size(), 1u);
  EXPECT_EQ(found.warnings[0], "lookup gone.test on " + server_->address() + ": no such host");
}

TEST_F(SrvDiscovery, NoTargetResolvingIsAnError) {
  const auto [status, message] = failure(settings("_lost._tcp.test", true));
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_EQ(message, "lookup gone.test on " + server_->address() + ": no such host");
}

TEST_F(SrvDiscovery, WithoutResolveTargetsAreReturnedEvenIfTheyDoNotResolve) {
  EXPECT_EQ(discover(settings("_lost._tcp.test")).addresses,
            std::vector<std::string>{"gone.test:9001"});
}

TEST_F(SrvDiscovery, ATargetOfDotMeansTheServiceIsNotAvailable) {
  const auto [status, message] = failure(settings("_closed._tcp.test"));
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_EQ(message, "lookup _closed._tcp.test on " + server_->address() +
                         ": the service is not available there (SRV target \".\")");
}

TEST_F(SrvDiscovery, AServerThatIsDownFailsAsUnavailable) {
  Dnsmasq stopped({});
  const std::string address = stopped.address();
  stopped.stop();
  SrvSettings down = settings("_serf._tcp.test");
  down.resolver = parse_name_server(address);
  const auto [status, message] = failure(down);
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_NE(message.find("lookup _serf._tcp.test on " + address), std::string::npos) << message;
}

}  // namespace
}  // namespace joinery::dns
