// An in-process plugin call its caller can walk away from. A plugin in joinery's
// process that ignores its deadline and cancellation cannot be stopped (threads cannot
// be killed safely), but it need not hold up its caller: the call runs on a thread of
// its own, with a CallContext of its own, and the caller waits only until the deadline
// (plus a grace for a plugin that reports its own timeout) or until a stop (plus a
// shorter grace). A call still running then is abandoned: its thread is detached and
// keeps alive everything the call uses (the context, the stop source, the gateway
// routes, and whatever `work` captured: the provider or instance, hence its library),
// so it ends harmlessly whenever the plugin returns. Isolation does better: it kills.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "plugins/call_context.hpp"
#include "plugins/gateway_routes.hpp"
#include "plugins/plugin_result.hpp"
#include "plugins/stop_source.hpp"

namespace joinery::plugins {

struct CallBounds {
  using Clock = std::chrono::steady_clock;
  std::shared_ptr<const StopSource> stop;       // shutdown; may be null
  std::shared_ptr<const GatewayRoutes> routes;  // for gateway_route; may be null
  std::optional<Clock::time_point> deadline;    // none: only a stop ends the wait
  std::string log_subsystem = "agent.plugin";
  Clock::duration deadline_grace = std::chrono::milliseconds(250);
  Clock::duration stop_grace = std::chrono::milliseconds(50);
  // False for an isolated plugin: joinery kills its runner instead of abandoning the
  // call, so the limit of abandoned calls does not stop it from starting.
  bool in_process = true;
};

// Runs `work` (which calls into the plugin with the context it is given) as described
// above. Returns its result, or nullopt when the call was abandoned (counted and logged,
// plugins/abandoned_calls.hpp). Starts nothing and fails (unavailable) while
// max_abandoned_calls abandoned calls are still running, unless !bounds.in_process.
std::optional<PluginResult> run_bounded(const CallBounds &bounds,
                                        std::function<PluginResult(CallContext &)> work);

}  // namespace joinery::plugins
