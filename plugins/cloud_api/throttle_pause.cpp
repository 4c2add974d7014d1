#include "throttle_pause.hpp"

#include <poll.h>

#include <algorithm>
#include <charconv>

namespace joinery::cloud {
namespace {

using Clock = std::chrono::steady_clock;

// Without a cancel_fd, cancellation is polled this often.
constexpr std::chrono::milliseconds poll_slice{50};

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

bool pause_within(std::chrono::milliseconds pause, const http::Interruption &interruption) {
  const Clock::time_point end = Clock::now() + pause;
  if (interruption.deadline && end > *interruption.deadline) {
    return false;
  }
  for (;;) {
    if (interruption.cancelled && interruption.cancelled()) {
      return false;
    }
    const Clock::time_point now = Clock::now();
    if (now >= end) {
      return true;
    }
    auto slice = std::chrono::ceil<std::chrono::milliseconds>(end - now);
    if (interruption.cancel_fd < 0) {
      slice = std::min(slice, poll_slice);
    }
    pollfd cancel{interruption.cancel_fd, POLLIN, 0};
    if (::poll(&cancel, interruption.cancel_fd < 0 ? 0 : 1, static_cast<int>(slice.count())) > 0) {
      return false;  // the cancel fd became readable
    }
  }
}

}  // namespace joinery::cloud
