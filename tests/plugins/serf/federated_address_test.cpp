// Routing Consul's "*.<dc>/<placeholder>" addresses through a datacenter's gateways.
#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include <set>

#include "federated_address.hpp"

namespace joinery::serf {
namespace {

TEST(FederatedAddress, RecognisesConsulsPlaceholder) {
  EXPECT_EQ(federated_datacenter("*.dc1/192.0.2.2"), "dc1");
  EXPECT_EQ(federated_datacenter("*.eu-west/192.0.2.2"), "eu-west");
  EXPECT_FALSE(federated_datacenter("10.0.0.1:8302"));
  EXPECT_FALSE(federated_datacenter("node1.dc1/10.0.0.1"));
  EXPECT_FALSE(federated_datacenter("*./192.0.2.2"));
  EXPECT_FALSE(federated_datacenter("*.dc1"));
}

TEST(FederatedAddress, ReplacesThePlaceholderWithAGatewayAndKeepsOtherAddresses) {
  std::mt19937 random(1);
  std::vector<std::string> asked;
  const GatewayLookup lookup = [&](std::string_view dc) {
    asked.emplace_back(dc);
    return std::vector<std::string>{"127.0.0.1:8443"};
  };
  const auto routed = route_federated({"10.0.0.1", "*.dc1/192.0.2.2"}, lookup, random);
  ASSERT_EQ(routed.size(), 2u);
  EXPECT_EQ(routed[0].address, "10.0.0.1");
  EXPECT_EQ(routed[0].datacenter, "");
  EXPECT_EQ(routed[1].address, "127.0.0.1:8443");
  EXPECT_EQ(routed[1].datacenter, "dc1");
  EXPECT_EQ(asked, std::vector<std::string>{"dc1"});
}

TEST(FederatedAddress, PicksAmongTheGatewaysAtRandomOnEachAttempt) {
  std::mt19937 random(7);
  const std::vector<std::string> gateways = {"[::1]:8443", "127.0.0.1:8443", "127.0.0.2:8443"};
  const GatewayLookup lookup = [&](std::string_view) { return gateways; };
  std::set<std::string> picked;
  for (int attempt = 0; attempt < 100; ++attempt) {
    picked.insert(route_federated({"*.dc1/192.0.2.2"}, lookup, random).at(0).address);
  }
  EXPECT_EQ(picked, std::set<std::string>(gateways.begin(), gateways.end()));
}

TEST(FederatedAddress, FailsNamingTheDatacenterWhenNoRouteIsKnown) {
  std::mt19937 random(1);
  const GatewayLookup none = [](std::string_view) { return std::vector<std::string>{}; };
  try {
    route_federated({"*.dc1/192.0.2.2"}, none, random);
    FAIL() << "no error";
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::unavailable);
    EXPECT_NE(std::string(error.what()).find("no route to datacenter dc1"), std::string::npos);
  }
}

}  // namespace
}  // namespace joinery::serf
