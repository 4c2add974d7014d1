// The join function of the LAN or the WAN: one instance of the cluster's join-backend
// plugin, created before the first attempt (after its keys were checked against the
// backend's own key descriptions) and called once per attempt.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "join/preparation_error.hpp"
#include "join/retry_joiner.hpp"
#include "plugins/gateway_routes.hpp"
#include "plugins/join_backend.hpp"
#include "plugins/key_spec.hpp"
#include "plugins/registry.hpp"
#include "plugins/stop_source.hpp"

namespace joinery::join {

// Which backend a cluster joins through, e.g. [join.lan] backend = "serf".
struct BackendSettings {
  std::string name;         // e.g. "serf"
  plugins::KeyValues keys;  // every key but `backend`
  std::string origin;       // where it was set, for messages ("a.toml:12:1", "--join-backend")
};

class BackendJoin {
 public:
  // Finds the backend (loading only its plugin), checks the keys, registers the
  // values of secret keys with the log's masking, and creates the instance. Throws
  // PreparationError naming `cluster`, the origin and every problem (missing_plugins_only
  // when no usable plugin provides the backend). Calls get `stop`
  // (shutdown) and `routes` (joinery_host.gateway_route); no deadline: a backend
  // bounds its own calls.
  static BackendJoin prepare(plugins::Registry &registry, const std::string &cluster,
                             const BackendSettings &settings,
                             std::shared_ptr<const plugins::StopSource> stop,
                             std::shared_ptr<const plugins::GatewayRoutes> routes);

  // One attempt through the backend. Not concurrent with itself.
  JoinResult join(const std::vector<std::string> &addresses);

  [[nodiscard]] const std::string &backend_name() const noexcept { return backend_->name(); }

 private:
  BackendJoin() = default;

  std::string cluster_;
  std::shared_ptr<const plugins::JoinBackend> backend_;
  std::unique_ptr<plugins::BackendInstance> instance_;
  std::shared_ptr<const plugins::StopSource> stop_;
  std::shared_ptr<const plugins::GatewayRoutes> routes_;
};

}  // namespace joinery::join
