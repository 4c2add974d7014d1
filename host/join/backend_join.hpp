// The join function of the LAN or the WAN: one instance of the cluster's join-backend
// plugin, created before the first attempt (after its keys were checked against the
// backend's own key descriptions) and called once per attempt. Every call has a
// deadline (the settings' timeout) and returns by it even when the plugin ignores it
// (base/bounded_call.hpp): an instance whose join had to be abandoned is left to
// its call, and the next attempt creates a new one.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/bounded_call.hpp"
#include "base/gateway_routes.hpp"
#include "base/stop_source.hpp"
#include "catalog/registry.hpp"
#include "join/retry_joiner.hpp"
#include "keys/key_spec.hpp"
#include "loading/join_backend.hpp"
#include "problem/preparation_error.hpp"

namespace joinery::join {

// Which backend a cluster joins through, e.g. [join.lan] backend = "serf".
struct BackendSettings {
  std::string name;         // e.g. "serf"
  plugins::KeyValues keys;  // every key but `backend`
  std::string origin;       // where it was set, for messages ("a.toml:12:1", "--join-backend")
  // The time limit of one call into the backend (join_timeout): create, and each join.
  std::chrono::nanoseconds timeout = std::chrono::seconds(60);
};

class BackendJoin {
 public:
  // Finds the backend (loading only its plugin), checks the keys, registers the
  // values of secret keys with the log's masking, and creates the instance. Throws
  // PreparationError naming `cluster`, the origin and every problem (missing_plugins_only
  // when no usable plugin provides the backend). Calls get `stop` (shutdown), `routes`
  // (joinery_host.gateway_route) and a deadline of settings.timeout.
  static BackendJoin prepare(plugins::Registry &registry, const std::string &cluster,
                             const BackendSettings &settings,
                             std::shared_ptr<const plugins::StopSource> stop,
                             std::shared_ptr<const plugins::GatewayRoutes> routes);

  // One attempt through the backend, logged as Consul's Agent.JoinLAN / JoinWAN do
  // ("(LAN) joining: lan_addresses=[...]", then "(LAN) joined: number_of_nodes=N" or
  // "(LAN) couldn't join: number_of_nodes=0 error=..."). Not concurrent with itself.
  JoinResult join(const std::vector<std::string> &addresses);

  [[nodiscard]] const std::string &backend_name() const noexcept { return backend_->name(); }

 private:
  BackendJoin() = default;

  // Creates an instance within the call bounds, or says why not.
  [[nodiscard]] plugins::Created<plugins::BackendInstance> create() const;
  [[nodiscard]] plugins::CallBounds bounds() const;
  JoinResult join_through_backend(const std::vector<std::string> &addresses);

  std::string cluster_;
  std::shared_ptr<const plugins::JoinBackend> backend_;
  plugins::KeyValues keys_;  // with defaults: what every instance is created with
  std::chrono::nanoseconds timeout_{};
  std::shared_ptr<plugins::BackendInstance> instance_;  // null after an abandoned join
  std::shared_ptr<const plugins::StopSource> stop_;
  std::shared_ptr<const plugins::GatewayRoutes> routes_;
};

}  // namespace joinery::join
