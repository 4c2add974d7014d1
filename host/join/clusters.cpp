#include "join/clusters.hpp"

#include <thread>

#include "logging/log.hpp"

namespace joinery::join {
namespace {

std::vector<std::string> texts_of(const std::vector<discovery::ConfiguredEntry> &entries) {
  std::vector<std::string> texts;
  for (const discovery::ConfiguredEntry &entry : entries) {
    texts.push_back(entry.text);
  }
  return texts;
}

// A LAN or WAN joiner: Consul's serf variant, every line tagged with the cluster.
RetryJoiner serf_joiner(const std::string &cluster, const JoinerSettings &settings,
                        std::optional<std::chrono::nanoseconds> backoff_max) {
  RetryJoiner joiner;
  joiner.wording = discovery::Wording::servers;
  joiner.cluster = cluster;
  joiner.entries = texts_of(settings.entries);
  joiner.max_attempts = settings.max_attempts;
  joiner.interval = settings.interval;
  joiner.backoff_max = backoff_max;
  joiner.log_fields = {{"cluster", cluster}};
  return joiner;
}

// Runs one joiner with `stop` as its shutdown; a spent budget ends the whole run.
void run_joiner(RetryJoiner joiner, plugins::StopSource &stop, JoinProgress *progress,
                ClusterReport &report) {
  joiner.shutdown = &stop;
  joiner.progress = progress;
  report.stats = joiner.run();
  if (report.stats.outcome == Outcome::exhausted) {
    stop.request_stop();
  }
}

}  // namespace

std::string_view wan_skip_reason(WanSkip skip) {
  switch (skip) {
    case WanSkip::none:
      break;
    case WanSkip::client:
    case WanSkip::not_server:
      return "not a server";
    case WanSkip::primary_datacenter:
      return "primary datacenter: with mesh gateway WAN federation the secondaries join it";
  }
  return "";
}

std::string primary_placeholder(const std::string &datacenter) {
  return "*." + datacenter + "/192.0.2.2";
}

ClusterPlan plan_clusters(const AgentSettings &settings, GatewayLocator &locator) {
  ClusterPlan plan;
  plan.lan = serf_joiner("LAN", settings.lan, settings.backoff_max);
  if (!settings.server) {
    // Consul's agent only starts the WAN joiner on servers; its warning is worth giving
    // where an operator configured WAN entries that a client will never join.
    plan.wan_skip = settings.wan.entries.empty() ? WanSkip::client : WanSkip::not_server;
    return plan;
  }
  if (!settings.wan_federation) {
    plan.wan = serf_joiner("WAN", settings.wan, settings.backoff_max);
    return plan;
  }
  if (settings.datacenter == settings.primary_datacenter) {
    plan.wan_skip = WanSkip::primary_datacenter;
    return plan;
  }

  RetryJoiner gateways;
  gateways.wording = discovery::Wording::mesh_gateways;
  gateways.cluster = "primary";
  gateways.entries = texts_of(settings.primary_gateways.entries);
  gateways.max_attempts = 0;  // never gives up
  gateways.interval = settings.primary_gateways.interval;
  gateways.backoff_max = settings.backoff_max;
  gateways.join = [&locator](const std::vector<std::string> &addresses) {
    return locator.refresh_fallback(addresses);
  };
  gateways.ready = &locator.ready();
  plan.primary_gateways = std::move(gateways);

  JoinerSettings wan = settings.wan;
  wan.entries = {{primary_placeholder(settings.primary_datacenter), ""}};
  plan.wan = serf_joiner("WAN", wan, settings.backoff_max);
  return plan;
}

std::vector<ClusterReport> run_clusters(const ClusterPlan &plan, plugins::StopSource &stop,
                                        JoinProgress *progress) {
  ClusterReport lan{"LAN", {}, {}};
  ClusterReport wan{"WAN", {}, {}};
  ClusterReport gateways{"primary", {}, {}};
  if (plan.wan_skip != WanSkip::none) {
    // Nothing to run for the WAN, so no thread for it: the LAN joins on this thread
    // (a thread's start and hand-off cost a client's start-up more than its join).
    if (plan.wan_skip == WanSkip::not_server) {
      logging::warn("agent", "(WAN) couldn't join: Err: Must be a server to join WAN cluster");
    }
    wan.stats.outcome = Outcome::skipped;
    wan.note = wan_skip_reason(plan.wan_skip);
    run_joiner(plan.lan, stop, progress, lan);
  } else {
    const std::jthread wan_thread([&] {
      if (plan.primary_gateways) {
        run_joiner(*plan.primary_gateways, stop, progress, gateways);
        if (gateways.stats.outcome == Outcome::stopped) {
          wan.stats.outcome = Outcome::stopped;
          wan.note = "stopped before the primary's mesh gateways were known";
          return;
        }
      }
      run_joiner(*plan.wan, stop, progress, wan);
    });
    try {
      run_joiner(plan.lan, stop, progress, lan);  // on this thread, at the same time as the WAN
    } catch (...) {
      // The WAN's thread is joined on the way out and may retry for ever: stop it
      // first, or the exception would wait for it instead of ending the run.
      stop.request_stop();
      throw;
    }
  }
  std::vector<ClusterReport> reports{std::move(lan), std::move(wan)};
  if (plan.primary_gateways) {
    reports.push_back(std::move(gateways));
  }
  return reports;
}

}  // namespace joinery::join
