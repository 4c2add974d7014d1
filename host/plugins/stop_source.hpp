// A shutdown signal that threads can wait on and plugins can poll(): once requested
// it stays requested, and its file descriptor stays readable.
#pragma once

#include <chrono>

#include "plugins/pollable_flag.hpp"

namespace joinery::plugins {

class StopSource {
 public:
  StopSource() = default;  // throws std::system_error when no eventfd can be made
  StopSource(const StopSource &) = delete;
  StopSource &operator=(const StopSource &) = delete;

  // Requests the stop and wakes every waiter. Async-signal-safe, idempotent.
  void request_stop() noexcept { requested_.raise(); }
  [[nodiscard]] bool stop_requested() const noexcept { return requested_.raised(); }

  // Readable once stop was requested; what joinery_host.cancel_fd returns.
  [[nodiscard]] int fd() const noexcept { return requested_.fd(); }

  // What request_stop() raises: for a wait that also ends on something else (a call
  // ending), see PollableFlag::wait_any.
  [[nodiscard]] const PollableFlag &flag() const noexcept { return requested_; }

  // Blocks until `deadline` or a stop, whichever comes first; true if stopped.
  // Waits on the descriptor (not a condition variable) so that request_stop() stays
  // async-signal-safe.
  bool wait_until(std::chrono::steady_clock::time_point deadline) const;

 private:
  PollableFlag requested_;
};

}  // namespace joinery::plugins
