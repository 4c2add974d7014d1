#include "join/clock.hpp"

#include <algorithm>

namespace joinery::join {

bool any_stop_requested(StopSignals stops) {
  return std::any_of(stops.begin(), stops.end(), [](const plugins::StopSource *stop) {
    return stop != nullptr && stop->stop_requested();
  });
}

std::vector<const plugins::PollableFlag *> stop_flags(StopSignals stops) {
  std::vector<const plugins::PollableFlag *> flags;
  flags.reserve(stops.size() + 1);
  for (const plugins::StopSource *stop : stops) {
    flags.push_back(stop != nullptr ? &stop->flag() : nullptr);
  }
  return flags;
}

Clock::time_point SteadyClock::now() const {
  return std::chrono::steady_clock::now();
}

bool SteadyClock::wait_until(time_point deadline, StopSignals stops) {
  return plugins::PollableFlag::wait_any(stop_flags(stops), deadline).has_value();
}

}  // namespace joinery::join
