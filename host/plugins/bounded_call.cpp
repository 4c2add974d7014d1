#include "plugins/bounded_call.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>

namespace joinery::plugins {
namespace {

using Clock = CallBounds::Clock;

// How often a wait looks at the stop signal (StopSource offers no callback).
constexpr auto stop_poll = std::chrono::milliseconds(10);

std::atomic<std::size_t> abandoned_running{0};

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
  std::mutex mutex;
  std::condition_variable ended;
  bool done = false;
  bool abandoned = false;
  PluginResult result;
};

}  // namespace

std::optional<PluginResult> run_bounded(const CallBounds &bounds,
                                        std::function<PluginResult(CallContext &)> work) {
  auto call = std::make_shared<SharedCall>(bounds, std::move(work));
  std::thread thread;
  try {
    thread = std::thread([call] {
      PluginResult result = call->work(call->context);
      const std::lock_guard lock(call->mutex);
      call->result = std::move(result);
      call->done = true;
      if (call->abandoned) --abandoned_running;
      call->ended.notify_all();
    });
  } catch (const std::system_error &error) {
    return PluginResult{JOINERY_INTERNAL, std::string("could not start a thread for the plugin "
                                                      "call: ") +
                                              error.what()};
  }

  std::unique_lock lock(call->mutex);
  const auto stopped = [&] { return bounds.stop && bounds.stop->stop_requested(); };
  std::optional<Clock::time_point> give_up;
  if (bounds.deadline) give_up = *bounds.deadline + bounds.deadline_grace;
  bool stop_seen = false;
  while (!call->done) {
    if (!stop_seen && stopped()) {
      stop_seen = true;
      const auto after_stop = Clock::now() + bounds.stop_grace;
      give_up = give_up ? std::min(*give_up, after_stop) : after_stop;
    }
    const auto now = Clock::now();
    if (give_up && now >= *give_up) break;
    std::optional<Clock::time_point> until = give_up;
    if (bounds.stop && !stop_seen)
      until = until ? std::min(*until, now + stop_poll) : now + stop_poll;
    if (until) {
      call->ended.wait_until(lock, *until);
    } else {
      call->ended.wait(lock);
    }
  }
  if (call->done) {
    lock.unlock();
    thread.join();
    return std::move(call->result);
  }
  call->abandoned = true;
  ++abandoned_running;
  lock.unlock();
  thread.detach();  // it holds `call`, hence everything it uses
  return std::nullopt;
}

std::size_t abandoned_bounded_calls() {
  return abandoned_running.load();
}

}  // namespace joinery::plugins
