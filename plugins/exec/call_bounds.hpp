// The host's cancellation and deadline for one call, as run_subprocess takes them.
#pragma once

#include <joinery/plugin.hpp>
#include <joinery/sdk/deadline.hpp>

#include "subprocess.hpp"

namespace joinery::exec {

// Valid while `call` is (the plugin function's duration).
inline SubprocessBounds bounds_of(const sdk::Call &call) {
  SubprocessBounds bounds;
  bounds.cancel_fd = call.cancel_fd();
  if (const auto left = call.remaining())
    bounds.deadline = sdk::deadline_after(Clock::now(), *left);
  bounds.cancelled = [call] { return call.cancelled(); };
  return bounds;
}

}  // namespace joinery::exec
