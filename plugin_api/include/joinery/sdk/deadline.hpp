// The one way the host and the bundled plugins turn "now" and a timeout into a
// deadline. Timeouts come from operators and plugins ("2562047h", remaining_ms from a runner) and
// may be as long as a duration can hold; start + timeout then overflows (undefined behaviour; in
// practice a deadline in the past, so a command is killed at once). A timeout is capped at
// longest_wait, which means "no deadline in practice" and leaves room for the sums
// later made from a deadline (graces, a plugin's own now() + remaining), and the
// addition saturates as well.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <algorithm>
#include <chrono>

namespace joinery::sdk {

inline constexpr std::chrono::nanoseconds longest_wait = std::chrono::hours(24 * 365 * 100);

template <typename Rep, typename Period>
constexpr std::chrono::steady_clock::time_point deadline_after(
    std::chrono::steady_clock::time_point start, std::chrono::duration<Rep, Period> timeout) {
  using TimePoint = std::chrono::steady_clock::time_point;
  using Duration = TimePoint::duration;
  // Capped in the timeout's own unit, so that converting it cannot overflow either.
  const auto cap = std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(longest_wait);
  const Duration step = std::chrono::duration_cast<Duration>(std::clamp(timeout, -cap, cap));
  if (step > Duration::zero() && start > TimePoint::max() - step) return TimePoint::max();
  if (step < Duration::zero() && start < TimePoint::min() - step) return TimePoint::min();
  return start + step;
}

}  // namespace joinery::sdk
