#include "base/bounded_call.hpp"

#include <algorithm>
#include <joinery/sdk/deadline.hpp>
#include <mutex>
#include <system_error>
#include <thread>

#include "base/abandoned_calls.hpp"
#include "base/pollable_flag.hpp"

namespace joinery::plugins {
namespace {

// The plugin's name for the abandonment's log line: the call's subsystem without
// "agent.plugin.".
std::string plugin_of(const std::string &subsystem) {
  constexpr std::string_view prefix = "agent.plugin.";
  return subsystem.starts_with(prefix) ? subsystem.substr(prefix.size()) : subsystem;
}

}  // namespace

namespace bounded {

// What the calls of one fan-out share with their caller.
struct FanOutState {
  explicit FanOutState(const CallBounds &bounds_) : bounds(bounds_) {}

  const CallBounds bounds;  // holds the stop source and the routes
  std::mutex mutex;         // every call's done, abandoned and result; running
  // Starts at the number of calls, not at zero counting up as they start: a call that
  // ends before the next one starts must not raise all_ended.
  std::size_t running = 0;
  PollableFlag all_ended;  // raised when running reaches 0: the caller sleeps on it

  // One call ended or will not start; under `mutex`.
  void one_less() {
    if (--running == 0) all_ended.raise();
  }
};

// Everything one call's thread touches: shared with the caller, kept by the thread.
struct CallState {
  CallState(std::shared_ptr<FanOutState> fan_out_, BoundedWork &&work_)
      : fan_out(std::move(fan_out_)),
        work(std::move(work_.work)),
        plugin(plugin_of(work_.log_subsystem)),
        context(CallContext::Options{fan_out->bounds.stop.get(), fan_out->bounds.deadline,
                                     fan_out->bounds.routes.get(), work_.log_subsystem}) {}

  const std::shared_ptr<FanOutState> fan_out;
  std::function<PluginResult(CallContext &)> work;
  const std::string plugin;  // for the abandonment's log line
  CallContext context;
  bool done = false;       // guarded by fan_out->mutex, as are the two below
  bool abandoned = false;  // the thread may end as it is abandoned
  PluginResult result;

  void run() {
    PluginResult returned = work(context);
    const std::lock_guard lock(fan_out->mutex);
    result = std::move(returned);
    done = true;
    if (abandoned) count_abandoned_call_ended();
    fan_out->one_less();
  }
};

}  // namespace bounded

AbandonedCall::AbandonedCall(std::thread thread, std::shared_ptr<const bounded::CallState> state)
    : thread_(std::move(thread)), state_(std::move(state)) {}

AbandonedCall::~AbandonedCall() {
  if (!thread_.joinable()) return;
  if (ended()) {
    thread_.join();
  } else {
    thread_.detach();  // it holds its CallState, hence everything it uses
  }
}

bool AbandonedCall::ended() const {
  const std::lock_guard lock(state_->fan_out->mutex);
  return state_->done;
}

FanOut run_bounded_all(const CallBounds &bounds, std::vector<BoundedWork> works) {
  using bounded::CallState;
  using bounded::FanOutState;
  FanOut out;
  out.calls.resize(works.size());
  const auto not_started = [&](std::size_t i, joinery_status status, std::string why) {
    out.calls[i].end = CallOutcome::End::not_started;
    out.calls[i].result = {status, std::move(why)};
  };
  std::shared_ptr<FanOutState> shared;
  try {
    shared = std::make_shared<FanOutState>(bounds);
  } catch (const std::system_error &error) {
    for (std::size_t i = 0; i < works.size(); ++i) {
      not_started(i, JOINERY_INTERNAL,
                  std::string("could not prepare the plugin call: ") + error.what());
    }
    return out;
  }
  shared->running = works.size();
  if (works.empty()) shared->all_ended.raise();
  const auto not_counted = [&] {
    const std::lock_guard lock(shared->mutex);
    shared->one_less();
  };

  std::vector<std::shared_ptr<CallState>> calls(works.size());
  std::vector<std::thread> threads(works.size());
  for (std::size_t i = 0; i < works.size(); ++i) {
    if (Result<> startable = works[i].in_process ? abandoned_call_refusal() : Result<>();
        !startable) {
      not_started(i, JOINERY_UNAVAILABLE, startable.error().text());
      not_counted();
      continue;
    }
    std::function<void()> starting = std::move(works[i].starting);
    try {
      calls[i] = std::make_shared<CallState>(shared, std::move(works[i]));
    } catch (const std::system_error &error) {
      not_started(i, JOINERY_INTERNAL,
                  std::string("could not prepare the plugin call: ") + error.what());
      not_counted();
      continue;
    }
    if (starting) starting();
    try {
      threads[i] = std::thread([call = calls[i]] { call->run(); });
    } catch (const std::system_error &error) {
      calls[i].reset();
      not_started(i, JOINERY_INTERNAL,
                  std::string("could not start a thread for the plugin call: ") + error.what());
      not_counted();
    }
  }

  std::optional<CallBounds::Clock::time_point> give_up;
  if (bounds.deadline) give_up = sdk::deadline_after(*bounds.deadline, bounds.deadline_grace);
  const PollableFlag *const ended_or_stopped[] = {&shared->all_ended,
                                                  bounds.stop ? &bounds.stop->flag() : nullptr};
  const std::optional<std::size_t> woken = PollableFlag::wait_any(ended_or_stopped, give_up);
  if (woken == 1) {
    // The stop came first: the calls get a shorter grace to notice it and return.
    const auto after_stop = sdk::deadline_after(CallBounds::Clock::now(), bounds.stop_grace);
    give_up = give_up ? std::min(*give_up, after_stop) : after_stop;
    const PollableFlag *const ended[] = {&shared->all_ended};
    PollableFlag::wait_any(ended, give_up);
    out.stopped = true;
  } else if (woken == 0) {
    out.stopped = bounds.stop && bounds.stop->stop_requested();
  }

  for (std::size_t i = 0; i < works.size(); ++i) {
    if (!calls[i]) continue;
    CallState &call = *calls[i];
    std::unique_lock lock(shared->mutex);
    if (call.done) {
      lock.unlock();
      threads[i].join();
      out.calls[i].result = std::move(call.result);
      continue;
    }
    call.abandoned = true;
    count_abandoned_call(call.plugin);
    lock.unlock();
    out.calls[i].end = CallOutcome::End::abandoned;
    out.calls[i].abandoned = std::make_unique<AbandonedCall>(std::move(threads[i]), calls[i]);
  }
  return out;
}

CallOutcome run_bounded(const CallBounds &bounds, std::function<PluginResult(CallContext &)> work) {
  std::vector<BoundedWork> one(1);
  one[0].work = std::move(work);
  one[0].log_subsystem = bounds.log_subsystem;
  one[0].in_process = bounds.in_process;
  FanOut ran = run_bounded_all(bounds, std::move(one));
  return std::move(ran.calls.front());
}

}  // namespace joinery::plugins
