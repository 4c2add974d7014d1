// The three clusters, wired as Consul's agent wires them (agent/retry_join.go):
//  - LAN: always (a joiner with no entries ends at once);
//  - WAN: only on a server. With mesh-gateway WAN federation the primary datacenter
//    skips it, and a secondary first refreshes the primary's mesh gateways (the
//    "primary" joiner, which never gives up) and then joins the placeholder
//    `*.<primary_datacenter>/192.0.2.2` through them.
// LAN and WAN run at the same time, each on its own thread (the LAN on the caller's).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/stop_source.hpp"
#include "discovery/resolver.hpp"
#include "join/gateway_locator.hpp"
#include "join/retry_joiner.hpp"

namespace joinery::join {

// One cluster's retry options (Consul's retry_join, retry_max, retry_interval).
struct JoinerSettings {
  std::vector<discovery::ConfiguredEntry> entries;  // as written, with where they were written
  std::int64_t max_attempts = 0;                    // 0 = forever
  std::chrono::nanoseconds interval{std::chrono::seconds(30)};
};

// The agent options the clusters are wired from, as Consul names them.
struct AgentSettings {
  std::string datacenter = "dc1";
  std::string primary_datacenter = "dc1";  // with its default (= datacenter) applied
  bool server = false;
  bool wan_federation = false;      // connect.enable_mesh_gateway_wan_federation
  JoinerSettings lan;               // retry_join, retry_max, retry_interval
  JoinerSettings wan;               // retry_join_wan, retry_max_wan, retry_interval_wan
  JoinerSettings primary_gateways;  // primary_gateways, primary_gateways_interval
  std::optional<std::chrono::nanoseconds> backoff_max;  // retry_backoff = "exponential"
};

// Why the WAN is not joined.
enum class WanSkip {
  none,                // it is joined
  client,              // not a server and nothing configured for the WAN: nothing to say
  not_server,          // WAN entries on a client: Consul's "(WAN) couldn't join: Err: Must be ..."
  primary_datacenter,  // WAN federation: secondaries join the primary, not the reverse
};

// "not a server", "primary datacenter: ..."; empty for WanSkip::none.
std::string_view wan_skip_reason(WanSkip skip);

// What the run will do, decided before anything starts. The joiners come filled
// with everything but `resolve`, the LAN's and WAN's `join`, and what the caller
// injects (clock, random, discovery_methods).
struct ClusterPlan {
  RetryJoiner lan;
  std::optional<RetryJoiner> primary_gateways;  // runs to completion before the WAN
  std::optional<RetryJoiner> wan;
  WanSkip wan_skip = WanSkip::none;
};

// Consul's placeholder for "any server of `datacenter`, through its mesh gateways"
// (192.0.2.2 is TEST-NET-1 and never dialled).
std::string primary_placeholder(const std::string &datacenter);

// Wires the clusters; the primary-gateways joiner's join and ready signal are
// `locator`'s, which must outlive the plan.
ClusterPlan plan_clusters(const AgentSettings &settings, GatewayLocator &locator);

// How one cluster ended.
struct ClusterReport {
  std::string cluster;  // "LAN", "WAN", "primary"
  JoinStats stats;
  std::string note;  // why it was skipped, or what ended it early; empty otherwise
};

// Runs the plan: the LAN on the calling thread and, at the same time, the WAN (after
// the primary gateways) on a thread of its own when there is one to run; each joiner
// stopped by `stop`. The first joiner that spends its retry budget requests
// `stop`, as Consul's agent exits on the first failure. Every joiner reports its
// attempts to `progress` (when not null). Returns LAN, WAN and (when planned) primary,
// in that order, once every joiner has ended.
std::vector<ClusterReport> run_clusters(const ClusterPlan &plan, plugins::StopSource &stop,
                                        JoinProgress *progress = nullptr);

}  // namespace joinery::join
