#include "dns/query_limits.hpp"

#include <joinery/sdk/call.hpp>
#include <joinery/sdk/deadline.hpp>

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

}  // namespace joinery::dns
