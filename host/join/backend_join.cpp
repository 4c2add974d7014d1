#include "join/backend_join.hpp"

#include <algorithm>
#include <cctype>

#include "logging/log.hpp"
#include "plugins/call_context.hpp"
#include "plugins/plugin_help.hpp"

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

plugins::CallContext::Options call_options(const std::string &backend,
                                           const plugins::StopSource *stop,
                                           const plugins::GatewayRoutes *routes) {
  plugins::CallContext::Options options;
  options.stop = stop;
  options.routes = routes;
  options.log_subsystem = "agent.plugin." + backend;
  return options;
}

}  // namespace

BackendJoin BackendJoin::prepare(plugins::Registry &registry, const std::string &cluster,
                                 const BackendSettings &settings,
                                 std::shared_ptr<const plugins::StopSource> stop,
                                 std::shared_ptr<const plugins::GatewayRoutes> routes) {
  const std::string where = table_of(cluster, settings);
  if (settings.name.empty()) {
    throw PreparationError(where + ": no join backend configured: set backend = \"NAME\" (e.g. " +
                               "backend = \"serf\"), or pass --join-backend",
                           false);
  }
  auto backend = registry.find_backend(settings.name);
  if (!backend) {
    throw PreparationError(
        where + ": unknown join backend '" + settings.name + "'\n" +
            "Installed join backends: " + plugins::installed_backend_names(registry),
        true);
  }

  for (const plugins::KeySpec &key : backend->keys()) {
    for (const auto &[name, value] : settings.keys) {
      if (key.secret && name == key.name) {
        logging::add_secret(value);
      }
    }
  }
  const std::vector<std::string> problems = plugins::check_keys(backend->keys(), settings.keys);
  if (!problems.empty()) {
    std::string report;
    for (const std::string &problem : problems) {
      report += where + ": backend '" + backend->name() + "': " + logging::redact(problem) + "\n";
    }
    report += "\n" + plugins::format_help(*backend);
    while (!report.empty() && report.back() == '\n') {
      report.pop_back();
    }
    throw PreparationError(std::move(report), false);
  }

  plugins::CallContext call(call_options(backend->name(), stop.get(), routes.get()));
  plugins::PluginResult result;
  std::unique_ptr<plugins::BackendInstance> instance =
      backend->create(call, plugins::with_defaults(backend->keys(), settings.keys), result);
  if (!instance) {
    throw PreparationError(
        where + ": backend '" + backend->name() + "' refused its configuration (" +
            plugins::status_name(result.status) + "): " + logging::redact(result.message),
        result.status != JOINERY_INVALID_CONFIG);
  }

  BackendJoin join;
  join.cluster_ = cluster;
  join.backend_ = std::move(backend);
  join.instance_ = std::move(instance);
  join.stop_ = std::move(stop);
  join.routes_ = std::move(routes);
  return join;
}

JoinResult BackendJoin::join(const std::vector<std::string> &addresses) {
  plugins::CallContext call(call_options(backend_->name(), stop_.get(), routes_.get()));
  std::size_t joined = 0;
  const plugins::PluginResult result = instance_->join(call, cluster_, addresses, joined);
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
