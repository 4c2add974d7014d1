// What joinery_host.gateway_route answers from: the join layer's gateway locator
// implements it (the plugins layer must not depend on the join layer).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace joinery::plugins {

class GatewayRoutes {
 public:
  virtual ~GatewayRoutes() = default;
  // The gateways known for `datacenter`, sorted; empty when none are known.
  [[nodiscard]] virtual std::vector<std::string> route(std::string_view datacenter) const = 0;
};

}  // namespace joinery::plugins
