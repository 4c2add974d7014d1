// How long a DNS call may run and how it learns that it must stop: the provider's
// own `timeout`, the host's deadline and its cancellation signal.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace joinery::sdk {
class Call;
}

namespace joinery::dns {

struct QueryLimits {
  using Clock = std::chrono::steady_clock;

  std::chrono::milliseconds timeout{5000};    // the `timeout` key, as configured (for messages)
  Clock::time_point timeout_at;               // when `timeout` runs out for this call
  std::optional<Clock::time_point> deadline;  // the host's deadline; none = no deadline
  int cancel_fd = -1;                         // readable once the host cancels; -1 = none
  std::function<bool()> cancelled;            // polled between steps; may be empty

  // Limits for a call that starts now, with no host deadline and no cancellation.
  static QueryLimits starting_now(std::chrono::milliseconds timeout);

  // Limits for a call from the host: `timeout` from now, bounded by the call's deadline
  // and woken by its cancel_fd.
  static QueryLimits for_call(const sdk::Call &call, std::chrono::milliseconds timeout);

  // The earlier of timeout_at and deadline.
  [[nodiscard]] Clock::time_point end() const;

  // What to give poll() to wait until `when` (0 once it passed). Without a cancel_fd
  // but with `cancelled`, at most 50 ms, so that the loop still notices cancellation.
  [[nodiscard]] int poll_timeout_ms(Clock::time_point when) const;
};

}  // namespace joinery::dns
