// The retry joiner: one cluster's join loop, as Consul's agent/retry_join.go runs
// it. Resolve every entry, join what was found, and on failure wait and try again,
// until a join succeeds, the retry budget is spent, or a stop signal fires.
// Log lines carry Consul's exact wording and fields, with one deliberate difference:
// "will retry" logs the real join error (Consul logs a shadowed, stale one).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/stop_source.hpp"
#include "discovery/wording.hpp"
#include "join/clock.hpp"
#include "join/join_progress.hpp"
#include "logging/log.hpp"

namespace joinery::join {

// What one call of the join function reports.
struct JoinResult {
  bool ok = false;
  std::size_t joined = 0;  // how many addresses were joined (when ok)
  std::string error;       // why the join failed (when not ok)
};

// How a joiner ended.
enum class Outcome {
  joined,         // a join succeeded
  nothing_to_do,  // no entries configured: ended at once, logging nothing (as Consul)
  exhausted,      // every attempt of the budget failed
  stopped,        // shutdown was requested
  ready,          // the `ready` signal fired: what it looked for came from elsewhere
  skipped,        // never run (e.g. the WAN on a client); set by the clusters wiring
};

// "joined", "nothing_to_do", "exhausted", "stopped", "ready", "skipped".
std::string_view outcome_name(Outcome outcome);

// What a joiner did, for the run's summary.
struct JoinStats {
  Outcome outcome = Outcome::nothing_to_do;
  std::int64_t attempts = 0;           // attempts made, the successful one included
  std::vector<std::string> addresses;  // what the successful join was given
  std::size_t joined = 0;              // how many of them the successful join joined
  std::string last_error;              // the last failed attempt's error; empty if none
  std::chrono::nanoseconds duration{0};
  std::string failure;  // exhausted: Consul's "agent: max join LAN retry exhausted, exiting"
};

// Returns the addresses of one attempt (1-based): provider strings resolved, literal
// addresses as written. Logs what it could not discover.
using ResolveFunction = std::function<std::vector<std::string>(std::int64_t attempt)>;
// Joins the cluster through a non-empty list of addresses.
using JoinFunction = std::function<JoinResult(const std::vector<std::string> &addresses)>;
// Uniform in [0, 1): the jitter of the exponential backoff.
using RandomSource = std::function<double()>;

struct RetryJoiner {
  discovery::Wording wording = discovery::Wording::servers;  // only changes the log wording
  std::string cluster;               // "LAN", "WAN" or "primary": in messages
  std::vector<std::string> entries;  // as configured; empty = nothing to do
  std::int64_t max_attempts = 0;     // retries after the first attempt; 0 = forever
  std::chrono::nanoseconds interval{std::chrono::seconds(30)};  // wait after a failure
  std::optional<std::chrono::nanoseconds> backoff_max;          // set: exponential backoff up to it
  RandomSource random;                            // backoff jitter; unset = seeded at random
  std::vector<std::string> discovery_methods;     // provider names, for the first log line
  ResolveFunction resolve;                        // entries -> this attempt's addresses
  JoinFunction join;                              // addresses -> joined or why not
  const plugins::StopSource *shutdown = nullptr;  // ends the loop (a wait at once): stopped
  const plugins::StopSource *ready = nullptr;     // ends the loop early as a success: ready
  Clock *clock = nullptr;                         // null = the real steady clock
  JoinProgress *progress = nullptr;               // told of each attempt; null = nobody
  std::string log_subsystem = "agent";            // Consul's logger name
  std::vector<logging::Field> log_fields;         // first on every line, as Consul's logger.With()

  // Runs the loop to its end on the calling thread.
  [[nodiscard]] JoinStats run() const;

  // The wait after the `failures`-th failed attempt (1-based): `interval`, or with
  // backoff_max a uniformly random wait in [0, min(backoff_max, interval * 2^(failures-1))]
  // ("full jitter"; the ceiling never drops below `interval`).
  [[nodiscard]] std::chrono::nanoseconds wait_after(std::int64_t failures,
                                                    const RandomSource &jitter) const;
};

}  // namespace joinery::join
