// The inside of joinery-plugin-runner: loads one plugin library with joinery's own
// loader and serves joinery's calls into it over a socket (isolation/isolated_protocol.hpp),
// one call at a time, each on a thread of its own so that the socket stays read: a
// cancel message reaches the call's cancel_fd, a gateway route reply reaches the
// plugin waiting for it, and joinery closing the socket ends the runner at once.
// The plugin sees the same ABI as in joinery: is_cancelled and remaining_ms are
// answered here from the deadline sent with the call, log lines and gateway_route go
// to joinery.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/gateway_routes.hpp"
#include "base/stop_source.hpp"
#include "loading/discovery_provider.hpp"
#include "loading/join_backend.hpp"
#include "loading/plugin_library.hpp"

namespace joinery::runner {

class PluginRunner : private plugins::GatewayRoutes {
 public:
  explicit PluginRunner(int socket) : socket_(socket) {}
  ~PluginRunner() override;
  PluginRunner(const PluginRunner &) = delete;
  PluginRunner &operator=(const PluginRunner &) = delete;

  // Loads `file`, says hello, serves calls until joinery closes the socket. Returns the
  // exit status (0; a refused plugin is reported in the hello, not the status).
  int run(const std::filesystem::path &file);

 private:
  void send(const nlohmann::json &message) const;
  nlohmann::json hello(const std::shared_ptr<plugins::PluginLibrary> &library);
  void start_call(nlohmann::json request);
  nlohmann::json serve_call(const nlohmann::json &request);
  void cancel_call();
  void take_route_reply(const nlohmann::json &reply);
  // joinery_host.gateway_route: asks joinery, waits for its reply.
  [[nodiscard]] std::vector<std::string> route(std::string_view datacenter) const override;
  void release_plugin();

  const int socket_;
  mutable std::mutex write_mutex_;

  std::shared_ptr<plugins::PluginLibrary> library_;
  std::map<std::string, std::shared_ptr<const plugins::DiscoveryProvider>, std::less<>> providers_;
  std::map<std::string, std::shared_ptr<const plugins::JoinBackend>, std::less<>> backends_;
  std::map<std::int64_t, std::unique_ptr<plugins::BackendInstance>> instances_;
  std::int64_t next_instance_ = 0;

  std::thread worker_;
  std::mutex call_mutex_;
  std::shared_ptr<plugins::StopSource> call_stop_;  // the running call's, for cancel
  bool call_running_ = false;
  std::condition_variable call_ended_;

  mutable std::mutex route_mutex_;
  mutable std::condition_variable route_replied_;
  mutable std::optional<std::vector<std::string>> route_reply_;
  bool closed_ = false;  // joinery closed the socket (guarded by route_mutex_)
};

}  // namespace joinery::runner
