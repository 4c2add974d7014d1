#include "support/fake_clock.hpp"

#include <algorithm>
#include <memory>

#include "base/pollable_flag.hpp"

namespace joinery::join {

using std::chrono::nanoseconds;

// One blocked wait of a manual FakeClock: advance() raises its flag to wake it, and the
// wait, once it looked at the new time, replaces the flag (guarded by the clock's
// mutex) for the next advance().
struct FakeClock::Waiter {
  std::unique_ptr<plugins::PollableFlag> advanced = std::make_unique<plugins::PollableFlag>();
};

FakeClock::FakeClock(Mode mode) : mode_(mode), now_(std::chrono::hours(1)) {}

FakeClock::time_point FakeClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

bool FakeClock::wait_until(time_point deadline, StopSignals stops) {
  std::unique_lock lock(mutex_);
  waits_.push_back(std::max(nanoseconds::zero(), nanoseconds(deadline - now_)));
  if (any_stop_requested(stops)) {
    return true;
  }
  if (mode_ == Mode::instant) {
    now_ = std::max(now_, deadline);
    return false;
  }

  Waiter waiter;
  waiters_.push_back(&waiter);
  waiters_changed_.notify_all();
  std::vector<const plugins::PollableFlag *> flags = stop_flags(stops);
  flags.push_back(nullptr);  // the waiter's flag of the moment
  bool stopped = false;
  while (true) {
    if (any_stop_requested(stops)) {
      stopped = true;
      break;
    }
    if (now_ >= deadline) {
      break;
    }
    flags.back() = waiter.advanced.get();
    lock.unlock();
    plugins::PollableFlag::wait_any(flags, std::nullopt);
    lock.lock();
    waiter.advanced = std::make_unique<plugins::PollableFlag>();
  }
  waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &waiter));
  waiters_changed_.notify_all();
  return stopped;
}

void FakeClock::advance(nanoseconds by) {
  std::lock_guard lock(mutex_);
  now_ += by;
  for (const Waiter *waiter : waiters_) {
    waiter->advanced->raise();
  }
}

bool FakeClock::wait_for_waiters(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return waiters_changed_.wait_for(lock, timeout, [&] { return waiters_.size() >= count; });
}

std::vector<nanoseconds> FakeClock::waits() const {
  std::lock_guard lock(mutex_);
  return waits_;
}

}  // namespace joinery::join
