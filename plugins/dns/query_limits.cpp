#include "dns/query_limits.hpp"

#include <joinery/sdk/call.hpp>
#include <joinery/sdk/deadline.hpp>

#include <algorithm>

namespace joinery::dns {

QueryLimits QueryLimits::starting_now(std::chrono::milliseconds timeout) {
  QueryLimits limits;
  limits.timeout = timeout;
  limits.timeout_at = sdk::deadline_after(Clock::now(), timeout);
  return limits;
}

QueryLimits QueryLimits::for_call(const sdk::Call &call, std::chrono::milliseconds timeout) {
  QueryLimits limits = starting_now(timeout);
  if (const auto left = call.remaining()) {
    limits.deadline = sdk::deadline_after(Clock::now(), *left);
  }
  limits.cancel_fd = call.cancel_fd();
  limits.cancelled = [call] { return call.cancelled(); };
  return limits;
}

QueryLimits::Clock::time_point QueryLimits::end() const {
  return deadline && *deadline < timeout_at ? *deadline : timeout_at;
}

int QueryLimits::poll_timeout_ms(Clock::time_point when) const {
  constexpr long long cancel_poll_interval_ms = 50;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(when - Clock::now()).count();
  long long wait = std::clamp<long long>(left, 0, 24 * 3600 * 1000);
  if (cancel_fd < 0 && cancelled) wait = std::min(wait, cancel_poll_interval_ms);
  return static_cast<int>(wait);
}

}  // namespace joinery::dns
