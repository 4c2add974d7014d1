#include "join/prepared_run.hpp"

#include <joinery/sdk/duration.hpp>

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "logging/log.hpp"

namespace joinery::join {
namespace {

using discovery::ConfiguredEntry;

// retry_max + 1, which for retry_max = INT64_MAX does not fit in an int64.
std::uint64_t attempts_allowed(std::int64_t max_attempts) {
  return static_cast<std::uint64_t>(max_attempts) + 1;
}

// "up to 4 attempts (retry_max 3), 30s apart" and the like, for describe().
std::string schedule_of(const RetryJoiner &joiner) {
  std::string out =
      joiner.max_attempts == 0
          ? "retries until it succeeds"
          : "up to " + std::to_string(attempts_allowed(joiner.max_attempts)) + " attempts";
  out += ", " + sdk::format_duration(joiner.interval) + " apart";
  if (joiner.backoff_max) {
    out += " at first, backing off exponentially (with jitter) up to " +
           sdk::format_duration(std::max(*joiner.backoff_max, joiner.interval));
  }
  return out;
}

std::string entries_of(const RetryJoiner &joiner) {
  std::string out;
  for (const std::string &entry : joiner.entries) {
    out += "  " + logging::redact(entry) + "\n";
  }
  return out;
}

}  // namespace

std::vector<ConfiguredEntry> with_origins(const std::vector<std::string> &texts,
                                          const std::vector<ConfiguredEntry> &configured) {
  // The indexes of each text's configured entries not yet taken, last first, so that
  // repeats take their origins in order; one pass each way (a search per entry made
  // 100,000 entries take minutes).
  std::unordered_map<std::string_view, std::vector<std::size_t>> untaken;
  untaken.reserve(configured.size());
  for (std::size_t i = configured.size(); i-- > 0;) {
    untaken[configured[i].text].push_back(i);
  }
  std::vector<ConfiguredEntry> out;
  out.reserve(texts.size());
  for (const std::string &text : texts) {
    ConfiguredEntry entry{text, ""};
    if (const auto found = untaken.find(text); found != untaken.end() && !found->second.empty()) {
      entry.origin = configured[found->second.back()].origin;
      found->second.pop_back();
    }
    out.push_back(std::move(entry));
  }
  return out;
}

PreparedRun::PreparedRun(const RunSettings &settings, plugins::Registry &registry,
                         std::shared_ptr<plugins::StopSource> stop)
    : stop_(std::move(stop)),
      locator_(std::make_shared<GatewayLocator>(settings.agent.primary_datacenter)),
      plan_(plan_clusters(settings.agent, *locator_)) {
  std::string report;
  Problems problems;
  bool missing_plugins_only = true;
  const auto add_problems = [&](const PreparationError &error) {
    report += (report.empty() ? "" : "\n\n") + std::string(error.what());
    problems.insert(problems.end(), error.problems().begin(), error.problems().end());
    missing_plugins_only = missing_plugins_only && error.missing_plugins_only();
  };
  const auto prepare_resolver = [&](const RetryJoiner &joiner,
                                    const std::vector<ConfiguredEntry> &configured,
                                    std::optional<discovery::Resolver> &out) {
    if (joiner.entries.empty()) return;
    discovery::ResolverOptions options;
    options.cluster = joiner.cluster;
    options.wording = joiner.wording;
    options.timeout = settings.discovery_timeout;
    options.stop = stop_;
    options.routes = locator_;
    options.log_fields = joiner.log_fields;
    try {
      out.emplace(discovery::Resolver::prepare(with_origins(joiner.entries, configured), registry,
                                               std::move(options)));
    } catch (const PreparationError &error) {
      add_problems(error);
    }
  };
  const auto prepare_backend = [&](const RetryJoiner &joiner, const BackendSettings &backend,
                                   std::optional<BackendJoin> &out) {
    if (joiner.entries.empty()) return;  // only the plugins a joiner needs are loaded
    try {
      out.emplace(BackendJoin::prepare(registry, joiner.cluster, backend, stop_, locator_));
    } catch (const PreparationError &error) {
      add_problems(error);
    }
  };

  prepare_resolver(plan_.lan, settings.agent.lan.entries, lan_resolver_);
  prepare_backend(plan_.lan, settings.lan_backend, lan_join_);
  if (plan_.primary_gateways) {
    prepare_resolver(*plan_.primary_gateways, settings.agent.primary_gateways.entries,
                     gateways_resolver_);
  }
  if (plan_.wan) {
    prepare_resolver(*plan_.wan, settings.agent.wan.entries, wan_resolver_);
    prepare_backend(*plan_.wan, settings.wan_backend, wan_join_);
  }
  if (!report.empty()) {
    throw PreparationError(std::move(report), std::move(problems), missing_plugins_only);
  }
  const bool joins_anything = !plan_.lan.entries.empty() ||
                              (plan_.wan && !plan_.wan->entries.empty()) ||
                              (plan_.primary_gateways && !plan_.primary_gateways->entries.empty());
  if (joins_anything) {
    discovery_methods_ = registry.provider_names();  // go-discover's Names(), for the log
  }
}

std::string PreparedRun::describe() const {
  std::string out;
  const auto describe_serf = [&](const RetryJoiner &joiner,
                                 const std::optional<BackendJoin> &join) {
    if (joiner.entries.empty()) {
      out += joiner.cluster + ": nothing to join (no entries)\n";
      return;
    }
    out += joiner.cluster + ": joins through backend '" + join->backend_name() + "', " +
           schedule_of(joiner) + ", from:\n" + entries_of(joiner);
  };

  describe_serf(plan_.lan, lan_join_);
  if (plan_.wan_skip != WanSkip::none) {
    out += "WAN: not joined: " + std::string(wan_skip_reason(plan_.wan_skip)) + "\n";
    return out;
  }
  if (plan_.primary_gateways) {
    const RetryJoiner &gateways = *plan_.primary_gateways;
    if (gateways.entries.empty()) {
      out += "primary: no primary_gateways to refresh\n";
    } else {
      out += "primary: refreshes the primary datacenter's mesh gateways, " + schedule_of(gateways) +
             ", from:\n" + entries_of(gateways);
    }
    out += "then ";
  }
  describe_serf(*plan_.wan, wan_join_);
  return out;
}

std::vector<PlannedCluster> PreparedRun::planned_clusters() const {
  std::vector<PlannedCluster> out;
  const auto add = [&out](const RetryJoiner &joiner, const std::optional<BackendJoin> *join) {
    PlannedCluster &cluster = out.emplace_back();
    cluster.cluster = joiner.cluster;
    if (join != nullptr && *join) cluster.backend = (*join)->backend_name();
    for (const std::string &entry : joiner.entries)
      cluster.entries.push_back(logging::redact(entry));
    cluster.attempts = joiner.max_attempts == 0 ? 0 : attempts_allowed(joiner.max_attempts);
    cluster.interval = joiner.interval;
    cluster.backoff_max = joiner.backoff_max;
  };
  add(plan_.lan, &lan_join_);
  if (plan_.wan_skip != WanSkip::none) {
    PlannedCluster &wan = out.emplace_back();
    wan.cluster = "WAN";
    wan.not_joined = wan_skip_reason(plan_.wan_skip);
    return out;
  }
  if (plan_.primary_gateways) add(*plan_.primary_gateways, nullptr);
  if (plan_.wan) add(*plan_.wan, &wan_join_);
  return out;
}

std::vector<ClusterReport> PreparedRun::run(Clock *clock, JoinProgress *progress) {
  ClusterPlan plan = plan_;
  // Gives a planned joiner the clock, its resolver and (LAN, WAN) its backend.
  const auto complete = [clock, &discovery_methods = discovery_methods_](
                            RetryJoiner &joiner, std::optional<discovery::Resolver> &resolver,
                            std::optional<BackendJoin> *join) {
    joiner.clock = clock;
    joiner.discovery_methods = discovery_methods;
    if (resolver) {
      joiner.resolve = [&resolver](std::int64_t) {
        discovery::Resolution resolution = resolver->resolve();
        // Cut short by the stop: join nothing (the joiner ends as stopped).
        return resolution.stopped ? std::vector<std::string>{} : std::move(resolution.addresses);
      };
    }
    if (join != nullptr && *join) {
      joiner.join = [join](const std::vector<std::string> &addresses) {
        return (*join)->join(addresses);
      };
    }
  };
  complete(plan.lan, lan_resolver_, &lan_join_);
  if (plan.wan) complete(*plan.wan, wan_resolver_, &wan_join_);
  if (plan.primary_gateways) complete(*plan.primary_gateways, gateways_resolver_, nullptr);
  return run_clusters(plan, *stop_, progress);
}

}  // namespace joinery::join
