#include "join/backend_join.hpp"

#include <algorithm>
#include <cctype>

#include <joinery/sdk/deadline.hpp>
#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include "base/call_context.hpp"
#include "catalog/plugin_help.hpp"
#include "keys/secret_sources.hpp"
#include "logging/log.hpp"

namespace joinery::join {
namespace {

// "[join.lan] (a.toml:12:1)": the table an operator has to fix, and where it is.
std::string table_of(const std::string &cluster, const BackendSettings &settings) {
  std::string table = "[join.";
  for (const char c : cluster) {
    table += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  table += "]";
  return settings.origin.empty() ? table : table + " (" + settings.origin + ")";
}

}  // namespace

BackendJoin BackendJoin::prepare(plugins::Registry &registry, const std::string &cluster,
                                 const BackendSettings &settings,
                                 std::shared_ptr<const plugins::StopSource> stop,
                                 std::shared_ptr<const plugins::GatewayRoutes> routes) {
  const std::string where = table_of(cluster, settings);
  // One problem, which is the whole report.
  const auto abandon = [](Problem problem, bool missing_plugin) {
    std::string report = problem.text();
    return PreparationError(std::move(report), {std::move(problem)}, missing_plugin);
  };
  if (settings.name.empty()) {
    // Its remedy follows a ':' (not "; "): kept whole in `what`, byte for byte.
    throw abandon({"no join backend configured: set backend = \"NAME\" (e.g. backend = "
                   "\"serf\"), or pass --join-backend",
                   where},
                  false);
  }
  auto backend = registry.find_backend(settings.name);
  if (!backend) {
    const Problem unknown{"unknown join backend '" + settings.name + "'", where};
    throw PreparationError(
        unknown.text() + "\nInstalled join backends: " + plugins::installed_backend_names(registry),
        {unknown}, true);
  }
  const std::string where_backend = where + ": backend '" + backend->name() + "'";

  (void)plugins::register_secrets(backend->keys(), settings.keys);
  plugins::ResolvedKeys resolved = plugins::resolve_secret_sources(backend->keys(), settings.keys);
  (void)plugins::register_secrets(backend->keys(), resolved.values);
  Problems problems = std::move(resolved.problems);
  if (problems.empty()) problems = plugins::check_keys(backend->keys(), resolved.values);
  if (!problems.empty()) {
    Problems parts;
    std::string report;
    for (const Problem &problem : problems) {
      parts.push_back({logging::redact(problem.text()), where_backend});
      report += parts.back().text() + "\n";
    }
    report += "\n" + plugins::format_help(*backend);
    while (!report.empty() && report.back() == '\n') {
      report.pop_back();
    }
    throw PreparationError(std::move(report), std::move(parts), false);
  }

  BackendJoin join;
  join.cluster_ = cluster;
  join.backend_ = std::move(backend);
  join.keys_ = plugins::with_defaults(join.backend_->keys(), resolved.values);
  join.timeout_ = settings.timeout;
  join.stop_ = std::move(stop);
  join.routes_ = std::move(routes);
  plugins::Created<plugins::BackendInstance> created = join.create();
  const plugins::PluginResult &result = created.result;
  join.instance_ = std::move(created.instance);
  if (!join.instance_) {
    throw abandon({"backend '" + join.backend_->name() + "' refused its configuration (" +
                       plugins::status_name(result.status) +
                       "): " + sdk::escape_unprintable(logging::redact(result.message)),
                   where},
                  result.status != JOINERY_INVALID_CONFIG);
  }
  return join;
}

plugins::CallBounds BackendJoin::bounds() const {
  plugins::CallBounds bounds;
  bounds.stop = stop_;
  bounds.routes = routes_;
  bounds.deadline = sdk::deadline_after(std::chrono::steady_clock::now(), timeout_);
  bounds.log_subsystem = "agent.plugin." + backend_->name();
  bounds.in_process = !backend_->isolated();
  return bounds;
}

plugins::Created<plugins::BackendInstance> BackendJoin::create() const {
  auto made = std::make_shared<std::unique_ptr<plugins::BackendInstance>>();
  plugins::CallOutcome outcome = plugins::run_bounded(
      bounds(), [backend = backend_, keys = keys_, made](plugins::CallContext &call) {
        plugins::Created<plugins::BackendInstance> created = backend->create(call, keys);
        *made = std::move(created.instance);  // taken once the call returned
        return created.result;
      });
  if (outcome.end == plugins::CallOutcome::End::abandoned) {
    return {{JOINERY_UNAVAILABLE, "backend '" + backend_->name() +
                                      "': create gave no answer within join_timeout (" +
                                      sdk::format_duration(timeout_) + ") and was abandoned"},
            nullptr};
  }
  return {std::move(outcome.result), std::move(*made)};
}

JoinResult BackendJoin::join(const std::vector<std::string> &addresses) {
  // Consul logs these through the agent's logger, which carries no cluster= field.
  const std::string prefix = "(" + cluster_ + ") ";
  std::string addresses_key = cluster_ + "_addresses";
  std::transform(addresses_key.begin(), addresses_key.end(), addresses_key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  logging::info("agent", prefix + "joining", {{addresses_key, addresses}});
  JoinResult result = join_through_backend(addresses);
  if (result.ok) {
    logging::info("agent", prefix + "joined", {{"number_of_nodes", result.joined}});
  } else {
    logging::warn("agent", prefix + "couldn't join",
                  {{"number_of_nodes", result.joined}, {"error", result.error}});
  }
  return result;
}

JoinResult BackendJoin::join_through_backend(const std::vector<std::string> &addresses) {
  if (!instance_) {
    // The last join was abandoned and still holds the old instance.
    plugins::Created<plugins::BackendInstance> created = create();
    instance_ = std::move(created.instance);
    if (!instance_) {
      return {.ok = false,
              .joined = 0,
              .error = "backend '" + backend_->name() +
                       "': a new instance (the last join was abandoned) could not be created: " +
                       created.result.message};
    }
  }
  auto joined_count = std::make_shared<std::size_t>(0);
  const plugins::CallOutcome outcome =
      plugins::run_bounded(bounds(), [instance = instance_, cluster = cluster_, addresses,
                                      joined_count](plugins::CallContext &call) {
        plugins::Joined joined = instance->join(call, cluster, addresses);
        *joined_count = joined.joined;  // read once the call returned
        return joined.result;
      });
  if (outcome.end == plugins::CallOutcome::End::abandoned) {
    instance_.reset();  // the abandoned call keeps it; destroyed when (if) the call returns
    const bool stopped = stop_ && stop_->stop_requested();
    return {.ok = false,
            .joined = 0,
            .error = "backend '" + backend_->name() + "': join " +
                     (stopped ? std::string("did not return after the stop (shutdown)")
                              : "gave no answer within join_timeout (" +
                                    sdk::format_duration(timeout_) + ")") +
                     " and was abandoned; it ignores its deadline and cancellation (isolation = "
                     "\"process\" would kill it); the next attempt uses a new instance"};
  }
  const plugins::PluginResult &result = outcome.result;
  const std::size_t joined = *joined_count;
  if (!result.ok()) {
    return {.ok = false, .joined = 0, .error = result.message};
  }
  if (joined == 0) {
    return {.ok = false,
            .joined = 0,
            .error = "backend '" + backend_->name() + "' joined none of the " +
                     std::to_string(addresses.size()) + " addresses"};
  }
  return {.ok = true, .joined = joined, .error = {}};
}

}  // namespace joinery::join
