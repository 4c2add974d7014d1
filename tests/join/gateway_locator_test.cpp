// The gateway locator: the primary-gateways joiner's result, sorted, as the route
// that join backends read for the primary datacenter.
#include "join/gateway_locator.hpp"

#include <gtest/gtest.h>

#include "support/log_capture.hpp"

namespace joinery::join {
namespace {

using test::capture_log;
using test::count_of;

TEST(GatewayLocator, StoresTheFallbackListSorted) {
  GatewayLocator locator("dc1");
  JoinResult result;
  capture_log([&] { result = locator.refresh_fallback({"10.0.0.3:443", "10.0.0.1:443"}); });
  EXPECT_TRUE(result.ok);
  EXPECT_EQ(result.joined, 2u);
  EXPECT_EQ(locator.route("dc1"), (std::vector<std::string>{"10.0.0.1:443", "10.0.0.3:443"}));
}

TEST(GatewayLocator, LogsOnlyWhenTheListChanges) {
  GatewayLocator locator("dc1");
  const std::string log = capture_log([&] {
    (void)locator.refresh_fallback({"10.0.0.3:443", "10.0.0.1:443"});
    (void)locator.refresh_fallback({"10.0.0.1:443", "10.0.0.3:443"});  // same set
    (void)locator.refresh_fallback({"10.0.0.2:443"});
  });
  EXPECT_EQ(count_of(log, "updated fallback list of primary mesh gateways"), 2u) << log;
  EXPECT_NE(log.find("[INFO]  agent.server.gateway_locator: updated fallback list of primary "
                     "mesh gateways: mesh_gateways=[10.0.0.1:443, 10.0.0.3:443]"),
            std::string::npos)
      << log;
}

TEST(GatewayLocator, RoutesOnlyThePrimaryDatacenter) {
  GatewayLocator locator("dc1");
  capture_log([&] { (void)locator.refresh_fallback({"10.0.0.1:443"}); });
  EXPECT_EQ(locator.route("dc1"), std::vector<std::string>{"10.0.0.1:443"});
  EXPECT_TRUE(locator.route("dc2").empty());
}

TEST(GatewayLocator, NoRouteBeforeTheFirstRefresh) {
  const GatewayLocator locator("dc1");
  EXPECT_TRUE(locator.route("dc1").empty());
}

TEST(GatewayLocator, ReadySignalFiresOnceMarked) {
  GatewayLocator locator("dc1");
  EXPECT_FALSE(locator.ready().stop_requested());
  locator.mark_ready();
  EXPECT_TRUE(locator.ready().stop_requested());
}

}  // namespace
}  // namespace joinery::join
