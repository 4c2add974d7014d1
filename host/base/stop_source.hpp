// A shutdown signal that threads can wait on and plugins can poll(): once requested
// it stays requested, and its file descriptor stays readable.
#pragma once

#include "base/pollable_flag.hpp"

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

  // What request_stop() raises, to wait on (PollableFlag::wait_any) beside other flags
  // and a deadline.
  [[nodiscard]] const PollableFlag &flag() const noexcept { return requested_; }

 private:
  PollableFlag requested_;
};

}  // namespace joinery::plugins
