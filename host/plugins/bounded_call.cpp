#include "plugins/bounded_call.hpp"

#include <algorithm>
#include <joinery/sdk/deadline.hpp>
#include <mutex>
#include <system_error>
#include <thread>

#include "plugins/abandoned_calls.hpp"
#include "plugins/pollable_flag.hpp"

namespace joinery::plugins {
namespace {

// The plugin's name for the abandonment's log line: the call's subsystem without
// "agent.plugin.".
std::string plugin_of(const CallBounds &bounds) {
  constexpr std::string_view prefix = "agent.plugin.";
  const std::string &subsystem = bounds.log_subsystem;
  return subsystem.starts_with(prefix) ? subsystem.substr(prefix.size()) : subsystem;
}

// Everything the call's thread touches: shared with the caller, kept by the thread.
struct SharedCall {
  SharedCall(const CallBounds &bounds_, std::function<PluginResult(CallContext &)> work_)
      : bounds(bounds_),
        work(std::move(work_)),
        context(CallContext::Options{bounds.stop.get(), bounds.deadline, bounds.routes.get(),
                                     bounds.log_subsystem}) {}

  const CallBounds bounds;  // holds the stop source and the routes
  std::function<PluginResult(CallContext &)> work;
  CallContext context;
  PollableFlag ended;  // raised once `done`: the caller sleeps on it and on the stop
  std::mutex mutex;    // done, abandoned and result: the thread may end as it is abandoned
  bool done = false;
  bool abandoned = false;
  PluginResult result;
};

}  // namespace

std::optional<PluginResult> run_bounded(const CallBounds &bounds,
                                        std::function<PluginResult(CallContext &)> work) {
  if (std::string refusal = bounds.in_process ? abandoned_call_refusal() : std::string();
      !refusal.empty()) {
    return PluginResult{JOINERY_UNAVAILABLE, std::move(refusal)};
  }
  std::shared_ptr<SharedCall> call;
  try {
    call = std::make_shared<SharedCall>(bounds, std::move(work));
  } catch (const std::system_error &error) {
    return PluginResult{JOINERY_INTERNAL,
                        std::string("could not prepare the plugin call: ") + error.what()};
  }
  std::thread thread;
  try {
    thread = std::thread([call] {
      PluginResult result = call->work(call->context);
      {
        const std::lock_guard lock(call->mutex);
        call->result = std::move(result);
        call->done = true;
        if (call->abandoned) count_abandoned_call_ended();
      }
      call->ended.raise();
    });
  } catch (const std::system_error &error) {
    return PluginResult{JOINERY_INTERNAL, std::string("could not start a thread for the plugin "
                                                      "call: ") +
                                              error.what()};
  }

  std::optional<CallBounds::Clock::time_point> give_up;
  if (bounds.deadline) give_up = sdk::deadline_after(*bounds.deadline, bounds.deadline_grace);
  const PollableFlag *const ended_or_stopped[] = {&call->ended,
                                                  bounds.stop ? &bounds.stop->flag() : nullptr};
  if (PollableFlag::wait_any(ended_or_stopped, give_up) == 1) {
    // The stop came first: the call gets a shorter grace to notice it and return.
    const auto after_stop = sdk::deadline_after(CallBounds::Clock::now(), bounds.stop_grace);
    give_up = give_up ? std::min(*give_up, after_stop) : after_stop;
    const PollableFlag *const ended[] = {&call->ended};
    PollableFlag::wait_any(ended, give_up);
  }
  std::unique_lock lock(call->mutex);
  if (call->done) {
    lock.unlock();
    thread.join();
    return std::move(call->result);
  }
  call->abandoned = true;
  count_abandoned_call(plugin_of(bounds));
  lock.unlock();
  thread.detach();  // it holds `call`, hence everything it uses
  return std::nullopt;
}

}  // namespace joinery::plugins
