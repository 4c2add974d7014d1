// The host side of one call into a plugin: what the opaque joinery_call handle
// points to. It carries the deadline and stop signal the plugin polls, collects the
// error message the plugin sets, and attributes the plugin's log lines.
#pragma once

#include <joinery/plugin.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "base/stop_source.hpp"

// The ABI's opaque call handle is, on the host side, a CallContext.
struct joinery_call {};

namespace joinery::plugins {

class GatewayRoutes;

class CallContext : public joinery_call {
 public:
  struct Options {
    const StopSource *stop = nullptr;                               // shutdown; may be null
    std::optional<std::chrono::steady_clock::time_point> deadline;  // none = no deadline
    const GatewayRoutes *routes = nullptr;       // for joinery_host.gateway_route; may be null
    std::string log_subsystem = "agent.plugin";  // e.g. "agent.plugin.dns"
  };

  explicit CallContext(Options options);

  [[nodiscard]] bool cancelled() const noexcept;
  [[nodiscard]] std::int64_t remaining_ms() const noexcept;  // -1 = no deadline
  [[nodiscard]] int cancel_fd() const noexcept;
  [[nodiscard]] bool deadline_passed() const noexcept;

  void set_error(std::string message);
  [[nodiscard]] std::string error() const;  // empty if the plugin set none

  [[nodiscard]] const Options &options() const noexcept { return options_; }

 private:
  Options options_;
  mutable std::mutex mutex_;
  std::string error_;
};

// The joinery_host table handed to every plugin library at init. Its functions
// route to the CallContext behind the joinery_call handle.
const joinery_host *host_services();

}  // namespace joinery::plugins
