// Everything one run needs, prepared before the first attempt: the plan (which
// cluster joins what), a resolver for each planned joiner's entries, the LAN's and
// the WAN's join-backend instances, and the gateway locator. Preparing reports every
// problem of every cluster at once and joins nothing; `joinery validate` stops there,
// `joinery run` goes on to run().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/stop_source.hpp"
#include "catalog/registry.hpp"
#include "discovery/resolver.hpp"
#include "join/backend_join.hpp"
#include "join/clusters.hpp"
#include "problem/preparation_error.hpp"

namespace joinery::join {

struct RunSettings {
  AgentSettings agent;
  BackendSettings lan_backend;                                           // [join.lan]
  BackendSettings wan_backend;                                           // [join.wan]
  std::chrono::nanoseconds discovery_timeout{std::chrono::seconds(30)};  // per provider call
};

// `texts` (a joiner's entries) with where each was written, taken from `configured`
// in order (a repeated text takes the next origin of that text); an entry the plan
// made (the WAN federation placeholder) has no origin. Linear in both sizes.
std::vector<discovery::ConfiguredEntry> with_origins(
    const std::vector<std::string> &texts,
    const std::vector<discovery::ConfiguredEntry> &configured);

// One cluster of the plan as `joinery validate --json` shows it.
struct PlannedCluster {
  std::string cluster;                  // "LAN", "primary" (its mesh gateways), "WAN"
  std::string backend;                  // the join backend's name; empty for "primary"
  std::vector<std::string> entries;     // as configured, secrets masked; empty = nothing to join
  std::uint64_t attempts = 0;           // attempts allowed in all; 0 = until one succeeds
  std::chrono::nanoseconds interval{};  // wait after a failed attempt
  std::optional<std::chrono::nanoseconds> backoff_max;  // set: exponential backoff up to it
  std::string not_joined;  // why the cluster is not joined at all; empty when it is
};

class PreparedRun {
 public:
  // Loads only the plugins the planned joiners name. Throws PreparationError. `stop`
  // is the run's shutdown: it cancels provider and backend calls and ends every wait.
  PreparedRun(const RunSettings &settings, plugins::Registry &registry,
              std::shared_ptr<plugins::StopSource> stop);
  PreparedRun(const PreparedRun &) = delete;
  PreparedRun &operator=(const PreparedRun &) = delete;

  [[nodiscard]] const ClusterPlan &plan() const noexcept { return plan_; }

  // What each cluster would do, one paragraph each, secrets masked (for validate).
  [[nodiscard]] std::string describe() const;
  // The same, one element per cluster in the order they run (LAN, primary, WAN).
  [[nodiscard]] std::vector<PlannedCluster> planned_clusters() const;

  // Runs the clusters on `clock` (null = the real one) until every joiner ended,
  // telling `progress` (when not null) of every attempt.
  std::vector<ClusterReport> run(Clock *clock = nullptr, JoinProgress *progress = nullptr);

 private:
  std::shared_ptr<plugins::StopSource> stop_;
  std::shared_ptr<GatewayLocator> locator_;
  ClusterPlan plan_;
  // Per planned joiner with entries: its resolver, and (LAN, WAN) its backend.
  std::optional<discovery::Resolver> lan_resolver_, wan_resolver_, gateways_resolver_;
  std::optional<BackendJoin> lan_join_, wan_join_;
  std::vector<std::string> discovery_methods_;  // every installed provider, for Consul's line
};

}  // namespace joinery::join
