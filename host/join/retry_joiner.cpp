#include "join/retry_joiner.hpp"

#include <joinery/sdk/deadline.hpp>
#include <joinery/sdk/duration.hpp>

#include <algorithm>
#include <cassert>
#include <random>

namespace joinery::join {
namespace {

using std::chrono::nanoseconds;

// Consul's two wordings of the same loop (agent/retry_join.go).
struct LoopLines {
  std::string_view supported;  // first line, with discovery_methods
  std::string_view starting;
  std::string_view completed;
  std::string_view nothing_found;
  std::string_view will_retry;
  std::string_view exhausted_prefix;  // + cluster + exhausted_suffix
  std::string_view exhausted_suffix;
};

constexpr LoopLines server_lines{"Retry join is supported for the following discovery methods",
                                 "Joining cluster...",
                                 "Join cluster completed. Synced with initial agents",
                                 "No servers to join",
                                 "Join cluster failed, will retry",
                                 "agent: max join ",
                                 " retry exhausted, exiting"};

constexpr LoopLines mesh_gateway_lines{
    "Refreshing mesh gateways is supported for the following discovery methods",
    "Refreshing mesh gateways...",
    "Refreshing mesh gateways completed",
    "No mesh gateways found",
    "Refreshing mesh gateways failed, will retry",
    "agent: max refresh of ",
    " mesh gateways retry exhausted, exiting"};

std::string join_words(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &word : words) {
    out.append(out.empty() ? "" : " ").append(word);
  }
  return out;
}

RandomSource seeded_at_random() {
  return [engine = std::mt19937_64(std::random_device{}())]() mutable {
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

}  // namespace

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::joined:
      return "joined";
    case Outcome::nothing_to_do:
      return "nothing_to_do";
    case Outcome::exhausted:
      return "exhausted";
    case Outcome::stopped:
      return "stopped";
    case Outcome::ready:
      return "ready";
    case Outcome::skipped:
      return "skipped";
  }
  return "unknown";
}

nanoseconds RetryJoiner::wait_after(std::int64_t failures, const RandomSource &jitter) const {
  if (!backoff_max) {
    return interval;
  }
  const nanoseconds cap = std::max(*backoff_max, interval);
  nanoseconds ceiling = interval;
  for (std::int64_t i = 1; i < failures && ceiling < cap && ceiling > nanoseconds::zero(); ++i) {
    ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
  }
  const double fraction = std::clamp(jitter(), 0.0, 1.0);
  // Whole milliseconds: the wait is logged, and sub-millisecond jitter buys nothing.
  return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double, std::nano>(static_cast<double>(ceiling.count()) * fraction));
}

JoinStats RetryJoiner::run() const {
  JoinStats stats;
  if (entries.empty()) {
    return stats;
  }
  assert(resolve && join);
  static SteadyClock steady;
  Clock &time = clock != nullptr ? *clock : steady;
  const RandomSource jitter = random ? random : seeded_at_random();
  const LoopLines &words =
      wording == discovery::Wording::servers ? server_lines : mesh_gateway_lines;
  const plugins::StopSource *const stops[] = {shutdown, ready};
  const auto started = time.now();

  const auto log = [&](logging::Level level, std::string_view message,
                       std::vector<logging::Field> extra = {}) {
    std::vector<logging::Field> fields = log_fields;
    fields.insert(fields.end(), extra.begin(), extra.end());
    logging::write(level, log_subsystem, message, fields);
  };
  // Whether a stop signal ended the loop, and which.
  const auto stopped = [&] {
    if (shutdown != nullptr && shutdown->stop_requested()) {
      stats.outcome = Outcome::stopped;
    } else if (ready != nullptr && ready->stop_requested()) {
      stats.outcome = Outcome::ready;
      if (progress != nullptr) progress->found_elsewhere(cluster);
    } else {
      return false;
    }
    stats.duration = time.now() - started;
    return true;
  };

  log(logging::Level::info, words.supported,
      {{"discovery_methods", join_words(discovery_methods)}});
  log(logging::Level::info, words.starting);

  while (!stopped()) {
    ++stats.attempts;
    if (progress != nullptr) progress->attempt_started(cluster, stats.attempts);
    const std::vector<std::string> addresses = resolve(stats.attempts);
    JoinResult result;
    if (addresses.empty()) {
      result.error = words.nothing_found;
    } else {
      result = join(addresses);
    }
    if (result.ok) {
      if (wording == discovery::Wording::servers) {
        log(logging::Level::info, words.completed, {{"num_agents", result.joined}});
      } else {
        log(logging::Level::info, words.completed);
      }
      if (progress != nullptr) progress->joined(cluster, stats.attempts, result.joined);
      stats.outcome = Outcome::joined;
      stats.addresses = addresses;
      stats.joined = result.joined;
      stats.duration = time.now() - started;
      return stats;
    }
    stats.last_error = result.error;
    if (stopped()) {
      break;  // the attempt failed because it was cut short: not worth a retry line
    }
    // Every attempt so far failed: attempts counts the failures, as Consul's `attempt`.
    if (max_attempts > 0 && stats.attempts > max_attempts) {
      if (progress != nullptr) progress->exhausted(cluster, stats.attempts);
      stats.outcome = Outcome::exhausted;
      stats.failure =
          std::string(words.exhausted_prefix).append(cluster).append(words.exhausted_suffix);
      stats.duration = time.now() - started;
      return stats;
    }
    const nanoseconds wait = wait_after(stats.attempts, jitter);
    log(logging::Level::warn, words.will_retry,
        {{"retry_interval", wait}, {"error", result.error}});
    if (progress != nullptr) progress->attempt_failed(cluster, stats.attempts, wait);
    time.wait_until(sdk::deadline_after(time.now(), wait), stops);
  }
  return stats;
}

}  // namespace joinery::join
