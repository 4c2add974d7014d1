// The time the joiners run on. Injected, so that the retry loop runs on the real
// steady clock in joinery and on a fake one in tests (tests/support/fake_clock.hpp),
// where a 30 s interval passes in microseconds.
#pragma once

#include <chrono>
#include <span>
#include <vector>

#include "base/stop_source.hpp"

namespace joinery::join {

// The stop signals a wait ends early on; null entries are ignored.
using StopSignals = std::span<const plugins::StopSource *const>;

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;

  [[nodiscard]] virtual time_point now() const = 0;

  // Blocks until `deadline` or until any of `stops` is requested, whichever comes
  // first. True if a stop ended the wait (also when one was requested before).
  virtual bool wait_until(time_point deadline, StopSignals stops) = 0;
};

// The real clock: std::chrono::steady_clock, waits woken at once by a stop (it
// polls the stop sources' descriptors, so any number of them can end one wait).
class SteadyClock final : public Clock {
 public:
  [[nodiscard]] time_point now() const override;
  bool wait_until(time_point deadline, StopSignals stops) override;
};

// Whether any of `stops` is requested (null entries are not).
[[nodiscard]] bool any_stop_requested(StopSignals stops);

// The flags of `stops`, in order (null for a null entry), with room reserved for one
// more at the end: what a clock's wait polls.
[[nodiscard]] std::vector<const plugins::PollableFlag *> stop_flags(StopSignals stops);

}  // namespace joinery::join
