#include "throttle_pause.hpp"

#include <poll.h>

#include <charconv>

namespace joinery::cloud {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

std::optional<std::chrono::seconds> retry_after(const http::HttpResponse &response) {
  const auto value = response.header("retry-after");
  if (!value || value->empty()) {
    return std::nullopt;
  }
  long long seconds = 0;
  const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (error != std::errc{} || end != value->data() + value->size() || seconds < 0) {
    return std::nullopt;
  }
  return std::chrono::seconds{seconds};
}

bool pause_within(std::chrono::milliseconds pause, const sdk::CallBounds &interruption) {
  const Clock::time_point end = Clock::now() + pause;
  if (interruption.deadline && end > *interruption.deadline) {
    return false;
  }
  // No descriptor: a sleep that the call's cancellation cuts short.
  return sdk::wait(-1, POLLIN, interruption, end) == sdk::WaitEnd::timed_out;
}

}  // namespace joinery::cloud
