#include "federated_address.hpp"

#include <joinery/sdk/status.hpp>

namespace joinery::serf {

std::optional<std::string_view> federated_datacenter(std::string_view address) {
  constexpr std::string_view prefix = "*.";
  if (address.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  const std::size_t slash = address.find('/');
  if (slash == std::string_view::npos || slash == prefix.size()) {
    return std::nullopt;
  }
  return address.substr(prefix.size(), slash - prefix.size());
}

std::vector<RoutedAddress> route_federated(const std::vector<std::string_view> &addresses,
                                           const GatewayLookup &lookup, std::mt19937 &random) {
  std::vector<RoutedAddress> routed;
  routed.reserve(addresses.size());
  for (std::string_view address : addresses) {
    const auto datacenter = federated_datacenter(address);
    if (!datacenter) {
      routed.push_back({std::string(address), {}});
      continue;
    }
    const std::vector<std::string> gateways = lookup(*datacenter);
    if (gateways.empty()) {
      throw sdk::Error(sdk::Status::unavailable,
                       "no route to datacenter " + std::string(*datacenter) + " for " +
                           std::string(address) +
                           ": no mesh gateway address is known for it yet (primary_gateways "
                           "has found none so far)");
    }
    std::uniform_int_distribution<std::size_t> pick(0, gateways.size() - 1);
    routed.push_back({gateways[pick(random)], std::string(*datacenter)});
  }
  return routed;
}

}  // namespace joinery::serf
