// Waiting out a cloud's "slow down" (HTTP 429, 503) inside one call: the wait ends at
// once when the call is cancelled, and is not begun when it would outlast the deadline.
#pragma once

#include <joinery/plugin.hpp>
#include "http_request.hpp"

#include <chrono>
#include <optional>

namespace joinery::cloud {

// The delay a Retry-After header asks for, in seconds (RFC 9110 delay-seconds);
// nullopt when absent or in another form (an HTTP-date).
std::optional<std::chrono::seconds> retry_after(const http::HttpResponse &response);

// Waits `pause`. False, without waiting, when the pause would end after the call's
// deadline; false as soon as the call is cancelled. True once the pause is over.
bool pause_within(std::chrono::milliseconds pause, const sdk::CallBounds &interruption);

}  // namespace joinery::cloud
