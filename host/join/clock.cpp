#include "join/clock.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <system_error>

namespace joinery::join {
namespace {

using std::chrono::nanoseconds;

bool any_requested(StopSignals stops) {
  return std::any_of(stops.begin(), stops.end(), [](const plugins::StopSource *stop) {
    return stop != nullptr && stop->stop_requested();
  });
}

std::vector<pollfd> pollfds_of(StopSignals stops) {
  std::vector<pollfd> out;
  for (const plugins::StopSource *stop : stops) {
    if (stop != nullptr) {
      out.push_back({stop->fd(), POLLIN, 0});
    }
  }
  return out;
}

// Sleeps until one of `fds` is readable, `timeout` passed (none = no limit), or a
// signal arrived; the caller re-checks what it waits for.
void poll_readable(std::vector<pollfd> &fds, std::optional<nanoseconds> timeout) {
  timespec limit{};
  if (timeout) {
    limit.tv_sec = static_cast<time_t>(timeout->count() / 1'000'000'000);
    limit.tv_nsec = static_cast<long>(timeout->count() % 1'000'000'000);
  }
  ::ppoll(fds.data(), fds.size(), timeout ? &limit : nullptr, nullptr);
}

}  // namespace

Clock::time_point SteadyClock::now() const {
  return std::chrono::steady_clock::now();
}

bool SteadyClock::wait_until(time_point deadline, StopSignals stops) {
  std::vector<pollfd> fds = pollfds_of(stops);
  while (!any_requested(stops)) {
    const nanoseconds left = deadline - now();
    if (left <= nanoseconds::zero()) {
      return false;
    }
    poll_readable(fds, left);
  }
  return true;
}

// One blocked wait of a manual FakeClock: advance() writes to its eventfd to wake it.
struct FakeClock::Waiter {
  int fd;
};

FakeClock::FakeClock(Mode mode) : mode_(mode), now_(std::chrono::hours(1)) {}

Clock::time_point FakeClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

bool FakeClock::wait_until(time_point deadline, StopSignals stops) {
  std::unique_lock lock(mutex_);
  waits_.push_back(std::max(nanoseconds::zero(), nanoseconds(deadline - now_)));
  if (any_requested(stops)) {
    return true;
  }
  if (mode_ == Mode::instant) {
    now_ = std::max(now_, deadline);
    return false;
  }

  Waiter waiter{::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)};
  if (waiter.fd < 0) {
    throw std::system_error(errno, std::generic_category(), "eventfd");
  }
  waiters_.push_back(&waiter);
  waiters_changed_.notify_all();
  std::vector<pollfd> fds = pollfds_of(stops);
  fds.push_back({waiter.fd, POLLIN, 0});
  bool stopped = false;
  while (true) {
    if (any_requested(stops)) {
      stopped = true;
      break;
    }
    if (now_ >= deadline) {
      break;
    }
    lock.unlock();
    poll_readable(fds, std::nullopt);
    std::uint64_t drained = 0;
    [[maybe_unused]] const ssize_t n = ::read(waiter.fd, &drained, sizeof drained);
    lock.lock();
  }
  waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &waiter));
  waiters_changed_.notify_all();
  ::close(waiter.fd);
  return stopped;
}

void FakeClock::advance(nanoseconds by) {
  std::lock_guard lock(mutex_);
  now_ += by;
  for (const Waiter *waiter : waiters_) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(waiter->fd, &one, sizeof one);
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
