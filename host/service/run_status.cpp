#include "service/run_status.hpp"

#include <joinery/sdk/duration.hpp>

#include <algorithm>

namespace joinery::service {
namespace {

// "agents" for the LAN and WAN; the primary cluster's joiner refreshes mesh gateways.
std::string what_joined(const std::string &cluster, std::size_t count) {
  if (cluster == "primary") {
    return "found the primary datacenter's mesh gateways";
  }
  return "joined " + std::to_string(count) + (count == 1 ? " agent" : " agents");
}

std::string attempts_text(std::int64_t attempts) {
  return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

}  // namespace

void RunStatus::attempt_started(const std::string &cluster, std::int64_t attempt) {
  const std::string verb = cluster == "primary" ? "refreshing mesh gateways" : "joining";
  set(cluster, attempt == 1 ? verb : verb + " (attempt " + std::to_string(attempt) + ")");
}

void RunStatus::attempt_failed(const std::string &cluster, std::int64_t attempt,
                               std::chrono::nanoseconds wait) {
  set(cluster,
      "attempt " + std::to_string(attempt) + " failed, retrying in " + sdk::format_duration(wait));
}

void RunStatus::joined(const std::string &cluster, std::int64_t attempt, std::size_t agents) {
  set(cluster, what_joined(cluster, agents) + " after " + attempts_text(attempt));
}

void RunStatus::exhausted(const std::string &cluster, std::int64_t attempts) {
  set(cluster, "retry join failed after " + attempts_text(attempts));
}

void RunStatus::found_elsewhere(const std::string &cluster) {
  // Only the primary's joiner has a ready signal: the WAN's servers told of the gateways.
  set(cluster, cluster == "primary"
                   ? "the primary datacenter's mesh gateways learnt through the WAN"
                   : "done: found elsewhere");
}

std::string RunStatus::line() const {
  const std::lock_guard lock(mutex_);
  return line_locked();
}

void RunStatus::set(const std::string &cluster, std::string state) {
  const std::lock_guard lock(mutex_);
  const auto found = std::find_if(states_.begin(), states_.end(),
                                  [&cluster](const auto &entry) { return entry.first == cluster; });
  if (found == states_.end()) {
    states_.emplace_back(cluster, std::move(state));
  } else {
    found->second = std::move(state);
  }
  if (publish_) publish_(line_locked());
}

std::string RunStatus::line_locked() const {
  if (states_.empty()) return "nothing to join";
  std::string out;
  for (const auto &[cluster, state] : states_) {
    out.append(out.empty() ? "" : "; ").append(cluster).append(": ").append(state);
  }
  return out;
}

}  // namespace joinery::service
