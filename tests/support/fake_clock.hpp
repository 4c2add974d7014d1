// A clock for the joiners' tests, where a 30 s interval passes in microseconds.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "join/clock.hpp"

namespace joinery::join {

// A clock for tests. Its time starts at an arbitrary point and moves only when a
// wait or advance() moves it.
//  - instant (the default): a wait moves the time to its deadline and returns at
//    once, so a loop with long intervals runs as fast as the CPU allows.
//  - manual: a wait blocks until a test thread advance()s the time to its deadline
//    or requests a stop, so a test can act while the joiner is mid-wait.
class FakeClock final : public Clock {
 public:
  enum class Mode { instant, manual };

  explicit FakeClock(Mode mode = Mode::instant);

  [[nodiscard]] time_point now() const override;
  bool wait_until(time_point deadline, StopSignals stops) override;

  // Moves the time forward and wakes the waits whose deadline it reached.
  void advance(std::chrono::nanoseconds by);

  // Manual mode: blocks until `count` waits are in progress (for a test to know the
  // joiner is mid-wait); false after `timeout` of real time.
  bool wait_for_waiters(std::size_t count, std::chrono::milliseconds timeout) const;

  // The length of every wait so far, measured from its start to its deadline, in
  // order (waits ended by a stop included).
  [[nodiscard]] std::vector<std::chrono::nanoseconds> waits() const;

 private:
  struct Waiter;

  Mode mode_;
  mutable std::mutex mutex_;
  mutable std::condition_variable waiters_changed_;
  time_point now_;
  std::vector<std::chrono::nanoseconds> waits_;
  std::vector<Waiter *> waiters_;  // manual mode: the waits in progress
};

}  // namespace joinery::join
