#include "bounded_wait.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace joinery::serf {
namespace {

// Without a cancel_fd, cancellation is noticed by polling at this pace.
constexpr std::chrono::milliseconds cancel_poll_slice{50};

}  // namespace

WaitResult wait_for(int fd, short events, const CallBounds &bounds, Clock::time_point timeout_at) {
  for (;;) {
    // The deadline first: the host's cancelled() is also true once it passed.
    const Clock::time_point now = Clock::now();
    if (bounds.deadline && now >= *bounds.deadline) {
      return WaitResult::call_deadline;
    }
    if (bounds.cancelled && bounds.cancelled()) {
      return WaitResult::cancelled;
    }
    if (now >= timeout_at) {
      return WaitResult::timed_out;
    }
    Clock::time_point until = timeout_at;
    if (bounds.deadline) {
      until = std::min(until, *bounds.deadline);
    }
    auto slice = std::chrono::ceil<std::chrono::milliseconds>(until - now);
    if (bounds.cancel_fd < 0 && bounds.cancelled) {
      slice = std::min(slice, cancel_poll_slice);
    }
    pollfd fds[2] = {{fd, events, 0}, {bounds.cancel_fd, POLLIN, 0}};
    const nfds_t count = bounds.cancel_fd >= 0 ? 2 : 1;
    const int rc = ::poll(fds, count, static_cast<int>(slice.count()));
    if (rc < 0 && errno != EINTR) {
      return WaitResult::ready;  // let the caller's read or write report the error
    }
    if (count == 2 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      return WaitResult::cancelled;
    }
    if (rc > 0 && fds[0].revents != 0) {
      return WaitResult::ready;
    }
  }
}

}  // namespace joinery::serf
