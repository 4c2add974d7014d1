#include "join/gateway_locator.hpp"

#include <algorithm>

#include "logging/log.hpp"

namespace joinery::join {

GatewayLocator::GatewayLocator(std::string primary_datacenter)
    : primary_datacenter_(std::move(primary_datacenter)) {}

JoinResult GatewayLocator::refresh_fallback(std::vector<std::string> addresses) {
  std::sort(addresses.begin(), addresses.end());
  const std::size_t count = addresses.size();
  std::lock_guard lock(mutex_);
  if (addresses != fallback_) {
    fallback_ = std::move(addresses);
    // Consul logs the []string itself: hclog writes "[a, b]" (a JSON array).
    logging::info("agent.server.gateway_locator", "updated fallback list of primary mesh gateways",
                  {{"mesh_gateways", fallback_}});
  }
  return {.ok = true, .joined = count, .error = {}};
}

std::vector<std::string> GatewayLocator::route(std::string_view datacenter) const {
  if (datacenter != primary_datacenter_) {
    return {};
  }
  std::lock_guard lock(mutex_);
  return fallback_;
}

}  // namespace joinery::join
