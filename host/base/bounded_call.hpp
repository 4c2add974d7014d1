// An in-process plugin call its caller can walk away from. A plugin in joinery's
// process that ignores its deadline and cancellation cannot be stopped (threads cannot
// be killed safely), but it need not hold up its caller: the call runs on a thread of
// its own, with a CallContext of its own, and the caller waits only until the deadline
// (plus a grace for a plugin that reports its own timeout) or until a stop (plus a
// shorter grace). A call still running then is abandoned: its thread is detached and
// keeps alive everything the call uses (the context, the stop source, the gateway
// routes, and whatever `work` captured: the provider or instance, hence its library),
// so it ends harmlessly whenever the plugin returns. Isolation does better: it kills.
//
// The one engine for plugin calls: one call (run_bounded) and an attempt's parallel
// fan-out (run_bounded_all: every entry's discover at once, one deadline, one wait)
// are the same mechanism.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/call_context.hpp"
#include "base/gateway_routes.hpp"
#include "base/plugin_result.hpp"
#include "base/stop_source.hpp"

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

namespace bounded {
struct CallState;  // what a call's thread shares with its caller
}

// A call that was abandoned and may still be running. Dropping the handle joins the
// call's thread if it has returned by then, and detaches it otherwise.
class AbandonedCall {
 public:
  AbandonedCall(std::thread thread, std::shared_ptr<const bounded::CallState> state);
  ~AbandonedCall();
  AbandonedCall(const AbandonedCall &) = delete;
  AbandonedCall &operator=(const AbandonedCall &) = delete;

  // True once the plugin returned from the call.
  [[nodiscard]] bool ended() const;

 private:
  std::thread thread_;
  std::shared_ptr<const bounded::CallState> state_;
};

// One call of a fan-out: what differs from call to call (bounds.log_subsystem and
// bounds.in_process are ignored there).
struct BoundedWork {
  std::function<PluginResult(CallContext &)> work;
  std::string log_subsystem = "agent.plugin";
  bool in_process = true;
  std::function<void()> starting;  // called just before the call starts; may be empty
};

// What became of one call of a fan-out.
struct CallOutcome {
  enum class End { returned, not_started, abandoned };
  End end = End::returned;
  // returned: the plugin's result; not_started: why (the limit of abandoned calls, or
  // no thread could be had); abandoned: empty.
  PluginResult result;
  std::unique_ptr<AbandonedCall> abandoned;  // set when abandoned
};

// Runs `work` (which calls into the plugin with the context it is given) as described
// above: returned (the plugin's result), abandoned (counted and logged,
// base/abandoned_calls.hpp; dropping the outcome detaches the call's thread) or
// not_started: it starts nothing and fails (unavailable) while max_abandoned_calls
// abandoned calls are still running, unless !bounds.in_process.
CallOutcome run_bounded(const CallBounds &bounds, std::function<PluginResult(CallContext &)> work);

struct FanOut {
  std::vector<CallOutcome> calls;  // one per work, in order
  bool stopped = false;            // a stop came while the calls ran
};

// Starts every call at once with `bounds` (one deadline for all) and waits until all
// returned, or the deadline plus deadline_grace passed, or a stop came (then
// stop_grace more); calls still running then are abandoned.
FanOut run_bounded_all(const CallBounds &bounds, std::vector<BoundedWork> works);

}  // namespace joinery::plugins
