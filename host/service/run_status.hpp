// The run's progress as one short line, for `systemctl status`: where each cluster
// is ("LAN: attempt 2 failed, retrying in 30s; WAN: joined 3 agents"), rewritten and
// published on every change. Only cluster names, counts and durations ever reach it:
// never an address or a provider string (which can hold secrets) nor an error text.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "join/join_progress.hpp"

namespace joinery::service {

class RunStatus : public join::JoinProgress {
 public:
  // Receives each new status line; called with the line's lock held, so lines arrive
  // in order. Must not throw.
  using Publish = std::function<void(const std::string &line)>;

  explicit RunStatus(Publish publish) : publish_(std::move(publish)) {}

  void attempt_started(const std::string &cluster, std::int64_t attempt) override;
  void attempt_failed(const std::string &cluster, std::int64_t attempt,
                      std::chrono::nanoseconds wait) override;
  void joined(const std::string &cluster, std::int64_t attempt, std::size_t agents) override;
  void exhausted(const std::string &cluster, std::int64_t attempts) override;
  void found_elsewhere(const std::string &cluster) override;

  // The current line: each cluster heard from, in the order first heard, "; "
  // between them; "nothing to join" before any (a run with no entries).
  [[nodiscard]] std::string line() const;

 private:
  void set(const std::string &cluster, std::string state);
  [[nodiscard]] std::string line_locked() const;

  Publish publish_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> states_;  // cluster -> its state
};

}  // namespace joinery::service
