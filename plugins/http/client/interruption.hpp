// How a caller bounds and stops a transfer: the host's deadline and cancellation,
// handed to the HTTP client without tying it to the host's call handle, so the
// client can be tested on its own.
#pragma once

#include <joinery/plugin.hpp>
#include <joinery/sdk/deadline.hpp>

#include <chrono>
#include <functional>
#include <optional>

namespace joinery::http {

struct Interruption {
  // Polled while the transfer runs (about every 50 ms); true stops it. May be empty.
  std::function<bool()> cancelled;
  // Readable once the call is cancelled; waited on beside the sockets. -1 = none.
  int cancel_fd = -1;
  // When the call's deadline passes; nullopt = none.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

// The interruption of a host call: its cancellation flag, cancel fd and deadline.
inline Interruption interruption_of(const sdk::Call &call) {
  Interruption interruption{[call] { return call.cancelled(); }, call.cancel_fd(), std::nullopt};
  if (const auto remaining = call.remaining()) {
    // remaining_ms is whole milliseconds, rounded up by joinery's host: a millisecond
    // less keeps this deadline from falling after the host's own.
    interruption.deadline = sdk::deadline_after(std::chrono::steady_clock::now(),
                                                *remaining - std::chrono::milliseconds(1));
  }
  return interruption;
}

}  // namespace joinery::http
