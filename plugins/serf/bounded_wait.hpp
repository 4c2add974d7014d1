// Waiting on a socket inside one plugin call without outliving the call: every wait
// also watches the host's cancel_fd, the call's deadline and the step's own timeout,
// and says which of them ended it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace joinery::serf {

using Clock = std::chrono::steady_clock;

// What bounds every blocking step of one call, from the host's services.
struct CallBounds {
  int cancel_fd = -1;                         // readable once the call is cancelled; -1 = none
  std::optional<Clock::time_point> deadline;  // the host's deadline for the whole call
  // Polled between short waits when there is no cancel_fd; may be empty.
  std::function<bool()> cancelled;
};

enum class WaitResult {
  ready,          // the descriptor has the events asked for (or an error/hang-up to read)
  cancelled,      // the host cancelled the call (shutdown)
  call_deadline,  // the host's deadline for the call passed
  timed_out,      // the step's own timeout (connect_timeout, call_timeout) passed
};

// Waits until `fd` is ready for `events` (POLLIN, POLLOUT), the call is cancelled, the
// call's deadline passes, or `timeout_at` passes, whichever comes first.
WaitResult wait_for(int fd, short events, const CallBounds &bounds, Clock::time_point timeout_at);

}  // namespace joinery::serf
