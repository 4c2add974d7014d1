#include "base/pollable_flag.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <thread>
#include <vector>

namespace joinery::plugins {

PollableFlag::PollableFlag() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (fd_ < 0) {
    throw std::system_error(errno, std::generic_category(), "cannot create an eventfd");
  }
}

PollableFlag::~PollableFlag() {
  ::close(fd_);
}

// raise() runs in signal handlers: the flag must not be a lock.
static_assert(std::atomic<bool>::is_always_lock_free);

void PollableFlag::raise() noexcept {
  if (!raised_.exchange(true)) {
    // Written once and never read: the descriptor stays readable for every poll().
    // errno is kept: a signal handler must not change it under the code it interrupted.
    const int saved_errno = errno;
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(fd_, &one, sizeof one);
    errno = saved_errno;
  }
}

bool PollableFlag::raised() const noexcept {
  return raised_.load();
}

int PollableFlag::fd() const noexcept {
  return fd_;
}

std::optional<std::size_t> PollableFlag::wait_any(std::span<const PollableFlag *const> flags,
                                                  std::optional<Clock::time_point> deadline) {
  std::vector<pollfd> fds;
  fds.reserve(flags.size());
  for (const PollableFlag *flag : flags) {
    if (flag != nullptr) {
      fds.push_back({flag->fd_, POLLIN, 0});
    }
  }
  while (true) {
    // The flags, not the poll's result, decide: a signal (EINTR) or the timeout may end
    // the poll, and a flag raised since is seen here.
    for (std::size_t i = 0; i < flags.size(); ++i) {
      if (flags[i] != nullptr && flags[i]->raised()) {
        return i;
      }
    }
    timespec limit{};
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::nanoseconds>(*deadline - Clock::now());
      if (left <= std::chrono::nanoseconds::zero()) {
        return std::nullopt;
      }
      limit.tv_sec = static_cast<time_t>(left.count() / 1'000'000'000);
      limit.tv_nsec = static_cast<long>(left.count() % 1'000'000'000);
    }
    if (::ppoll(fds.data(), fds.size(), deadline ? &limit : nullptr, nullptr) < 0 &&
        errno != EINTR) {
      // ENOMEM, the only failure possible here, passes: retry without spinning.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

}  // namespace joinery::plugins
