#include "plugins/stop_source.hpp"

namespace joinery::plugins {

bool StopSource::wait_until(std::chrono::steady_clock::time_point deadline) const {
  const PollableFlag *const flags[] = {&requested_};
  return PollableFlag::wait_any(flags, deadline).has_value();
}

}  // namespace joinery::plugins
