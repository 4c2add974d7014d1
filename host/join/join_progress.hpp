// What a run reports while it runs, for whoever watches it from outside the log (the
// systemd status line): each joiner's attempts, waits and outcome. Called from the
// joiners' threads (LAN and WAN run at the same time), so an implementation must be
// thread-safe; it must not block, and must not throw.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace joinery::join {

class JoinProgress {
 public:
  virtual ~JoinProgress() = default;

  // `cluster` ("LAN", "WAN", "primary") starts its attempt `attempt` (1-based).
  virtual void attempt_started(const std::string &cluster, std::int64_t attempt) = 0;
  // Attempt `attempt` failed; the next one starts after `wait`.
  virtual void attempt_failed(const std::string &cluster, std::int64_t attempt,
                              std::chrono::nanoseconds wait) = 0;
  // Attempt `attempt` succeeded and joined `agents` addresses.
  virtual void joined(const std::string &cluster, std::int64_t attempt, std::size_t agents) = 0;
  // Every attempt of the budget failed: the run will exit 1.
  virtual void exhausted(const std::string &cluster, std::int64_t attempts) = 0;
  // The joiner's `ready` signal ended it: what it looked for came from elsewhere (the
  // primary's mesh gateways, learnt through the WAN).
  virtual void found_elsewhere(const std::string &cluster) = 0;
};

}  // namespace joinery::join
