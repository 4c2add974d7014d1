// WAN federation through mesh gateways: Consul writes "*.<dc>/<placeholder>" for
// "any server of datacenter <dc>" (the placeholder, e.g. 192.0.2.2, is never
// dialled). The backend joins one of that datacenter's mesh gateways instead,
// picked at random on every attempt, as Consul's gateway locator does.
#pragma once

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::serf {

// The datacenter of a "*.<dc>/<placeholder>" address; nullopt for any other address.
std::optional<std::string_view> federated_datacenter(std::string_view address);

// The mesh gateways known for a datacenter (sorted); empty when no route is known.
using GatewayLookup = std::function<std::vector<std::string>(std::string_view datacenter)>;

struct RoutedAddress {
  std::string address;     // what to join
  std::string datacenter;  // non-empty when it is a gateway standing in for "*.<dc>/..."
};

// `addresses` with every "*.<dc>/<placeholder>" replaced by one of dc's gateways,
// picked with `random`. Throws sdk::Error(unavailable) naming the datacenter when no
// route to it is known.
std::vector<RoutedAddress> route_federated(const std::vector<std::string_view> &addresses,
                                           const GatewayLookup &lookup, std::mt19937 &random);

}  // namespace joinery::serf
