// A flag that, once raised, stays raised, with a descriptor that turns readable when
// it is raised. A thread can so sleep on several flags and a deadline at once (ppoll)
// and wake exactly when one of them happens, instead of waking every few milliseconds
// to look: "the plugin call ended" together with "stop", say. raise() only stores an
// atomic and writes to the descriptor, so a signal handler may call it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>

namespace joinery::plugins {

class PollableFlag {
 public:
  using Clock = std::chrono::steady_clock;

  PollableFlag();  // throws std::system_error when no eventfd can be made
  ~PollableFlag();
  PollableFlag(const PollableFlag &) = delete;
  PollableFlag &operator=(const PollableFlag &) = delete;

  // Raises the flag and wakes every waiter. Async-signal-safe, idempotent.
  void raise() noexcept;
  [[nodiscard]] bool raised() const noexcept;

  // Readable once raised, for good: it is never read.
  [[nodiscard]] int fd() const noexcept;

  // Sleeps until one of `flags` is raised (also when it was before) or `deadline`
  // passed; without a deadline, only a flag ends the wait. Returns the index in
  // `flags` of the first raised one (earlier entries win when several are), or
  // nullopt at the deadline. Null entries are ignored.
  static std::optional<std::size_t> wait_any(std::span<const PollableFlag *const> flags,
                                             std::optional<Clock::time_point> deadline);

 private:
  std::atomic<bool> raised_{false};
  int fd_ = -1;
};

}  // namespace joinery::plugins
