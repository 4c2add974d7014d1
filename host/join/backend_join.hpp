// The join function of the LAN or the WAN: one instance of the cluster's join-backend
// plugin, created before the first attempt (after its keys were checked against the
// backend's own key descriptions) and called once per attempt.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

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

// Why a backend could not be prepared; what() is the whole report for the operator.
class BackendError : public std::runtime_error {
 public:
  BackendError(std::string report, bool missing_plugin)
      : std::runtime_error(std::move(report)), missing_plugin_(missing_plugin) {}
  // True when no usable plugin provides the backend (joinery exits 3 for that, and 2
  // for a configuration the backend rejects).
  [[nodiscard]] bool missing_plugin() const noexcept { return missing_plugin_; }

 private:
  bool missing_plugin_;
};

class BackendJoin {
 public:
  // Finds the backend (loading only its plugin), checks the keys, registers the
  // values of secret keys with the log's masking, and creates the instance. Throws
  // BackendError naming `cluster`, the origin and every problem. Calls get `stop`
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
