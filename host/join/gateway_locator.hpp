// Where the primary datacenter's mesh gateways are, as Consul's GatewayLocator keeps
// them for WAN federation: the primary-gateways joiner stores its result here as the
// fallback list, and join backends read it through joinery_host.gateway_route to
// reach "*.<primary>/192.0.2.2".
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/gateway_routes.hpp"
#include "base/stop_source.hpp"
#include "join/retry_joiner.hpp"

namespace joinery::join {

class GatewayLocator final : public plugins::GatewayRoutes {
 public:
  explicit GatewayLocator(std::string primary_datacenter);

  // The primary-gateways joiner's join: keeps `addresses` sorted as the fallback
  // list, logging `updated fallback list of primary mesh gateways` when it changes.
  JoinResult refresh_fallback(std::vector<std::string> addresses);

  // The fallback list for the primary datacenter; empty for any other.
  [[nodiscard]] std::vector<std::string> route(std::string_view datacenter) const override;

  // "Primary gateway addresses are ready": fires once they became known from another
  // source than the fallback list, which ends the primary-gateways joiner early.
  [[nodiscard]] const plugins::StopSource &ready() const noexcept { return ready_; }
  void mark_ready() noexcept { ready_.request_stop(); }

 private:
  const std::string primary_datacenter_;
  mutable std::mutex mutex_;
  std::vector<std::string> fallback_;
  plugins::StopSource ready_;
};

}  // namespace joinery::join
