// A shutdown signal that threads can wait on and plugins can poll(): once requested
// it stays requested, and its file descriptor stays readable.
#pragma once

#include <atomic>
#include <chrono>

namespace joinery::plugins {

class StopSource {
 public:
  StopSource();  // throws std::system_error when no pipe can be made
  ~StopSource();
  StopSource(const StopSource &) = delete;
  StopSource &operator=(const StopSource &) = delete;

  // Requests the stop and wakes every waiter. Async-signal-safe, idempotent.
  void request_stop() noexcept;
  [[nodiscard]] bool stop_requested() const noexcept;

  // Readable once stop was requested; what joinery_host.cancel_fd returns.
  [[nodiscard]] int fd() const noexcept;

  // Blocks until `deadline` or a stop, whichever comes first; true if stopped.
  // Waits on the pipe (not a condition variable) so that request_stop() stays
  // async-signal-safe.
  bool wait_until(std::chrono::steady_clock::time_point deadline) const;

 private:
  std::atomic<bool> stopped_{false};
  int pipe_[2] = {-1, -1};
};

}  // namespace joinery::plugins
