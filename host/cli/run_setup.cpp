#include "cli/run_setup.hpp"

#include <iostream>

#include "catalog/search_path.hpp"
#include "cli/exit_status.hpp"
#include "discovery/provider_string.hpp"
#include "keys/secret_sources.hpp"
#include "keys/spelling.hpp"
#include "logging/log.hpp"
#include "problem/preparation_error.hpp"

namespace joinery::cli {
namespace {

std::vector<discovery::ConfiguredEntry> entries_of(const std::vector<config::Entry> &entries) {
  std::vector<discovery::ConfiguredEntry> out;
  for (const config::Entry &entry : entries) {
    out.push_back({entry.text, entry.origin.where});
  }
  return out;
}

join::BackendSettings backend_of(const config::BackendChoice &choice,
                                 std::chrono::nanoseconds timeout) {
  return {choice.name, choice.keys, choice.origin, timeout};
}

// An error for each [plugins.NAME] table whose NAME no installed provider or backend
// has: ignored, a misspelt `isolation = "process"` would run a crashing plugin in
// process.
std::vector<std::string> unknown_isolation_tables(const config::Config &config,
                                                  plugins::Registry &registry) {
  std::vector<std::string> errors;
  std::vector<std::string> known;
  for (const auto &[name, isolation] : config.plugin_isolation) {
    if (registry.find_provider(name) != nullptr || registry.find_backend(name) != nullptr) continue;
    if (known.empty()) {
      registry.load_all();  // only on this error path: the names to suggest from
      for (const auto &provider : registry.providers()) known.push_back(provider->name());
      for (const auto &backend : registry.backends()) known.push_back(backend->name());
    }
    errors.push_back("[plugins." + name + "]: no installed plugin has a provider or backend '" +
                     name + "'" + plugins::did_you_mean(name, known));
  }
  return errors;
}

}  // namespace

join::RunSettings run_settings(const config::Config &config) {
  join::RunSettings settings;
  join::AgentSettings &agent = settings.agent;
  agent.datacenter = config.datacenter;
  agent.primary_datacenter = config.effective_primary_datacenter();
  agent.server = config.server;
  agent.wan_federation = config.mesh_gateway_wan_federation;
  agent.lan = {entries_of(config.retry_join), config.retry_max, config.retry_interval};
  agent.wan = {entries_of(config.retry_join_wan), config.retry_max_wan, config.retry_interval_wan};
  agent.primary_gateways = {entries_of(config.primary_gateways), 0,
                            config.primary_gateways_interval};
  if (config.retry_backoff == config::Backoff::exponential) {
    agent.backoff_max = config.retry_interval_max;
  }
  settings.lan_backend = backend_of(config.lan_backend, config.join_timeout);
  settings.wan_backend = backend_of(config.wan_backend, config.join_timeout);
  settings.discovery_timeout = config.discovery_timeout;
  return settings;
}

void withhold_environment_secrets(const config::Config &config,
                                  const std::vector<std::string> &more_entries) {
  plugins::withhold_environment_variables(config.lan_backend.keys);
  plugins::withhold_environment_variables(config.wan_backend.keys);
  std::vector<std::string> entries = more_entries;
  for (const auto *list : {&config.retry_join, &config.retry_join_wan, &config.primary_gateways}) {
    for (const config::Entry &entry : *list) entries.push_back(entry.text);
  }
  for (const std::string &entry : entries) {
    if (entry.find("_env") == std::string::npos) continue;  // most entries: 100k in a benchmark
    if (auto pairs = discovery::parse_pairs(entry)) plugins::withhold_environment_variables(*pairs);
  }
}

plugins::IsolationPolicy isolation_policy(const config::Config &config) {
  plugins::IsolationPolicy policy;
  policy.all = config.isolate_plugins;
  for (const auto &[name, isolation] : config.plugin_isolation) {
    (isolation == config::Isolation::process ? policy.isolated : policy.in_process).insert(name);
  }
  return policy;
}

RunSetupResult set_up_run(const Arguments &args, std::string_view usage,
                          std::shared_ptr<plugins::StopSource> stop, const OwnOptions &own) {
  RunSetupResult result;
  ParsedRunOptions parsed =
      parse_run_options(args, {.groups = OptionGroups::run, .own = own.options});
  if (parsed.help) {
    std::cout << usage << run_options_help(OptionGroups::run, own.options, own.caption);
    result.exit_status = exit_ok;
    return result;
  }
  if (!parsed.options) {
    result.errors = std::move(parsed.errors);
    result.exit_status = exit_usage;
    return result;
  }

  RunSetup setup{std::move(*parsed.options), nullptr, nullptr};
  const config::Config &config = setup.options.config;
  // Already checked by the config layer.
  const logging::Level level =
      logging::parse_level(config.log_level).value_or(logging::Level::info);
  logging::configure(level, config.log_json);
  for (const config::SkippedKey &skipped : setup.options.skipped_keys) {
    logging::debug("agent", "Skipped a Consul setting joinery does not read",
                   {{"file", skipped.file.string()}, {"key", skipped.key}});
  }

  withhold_environment_secrets(config);
  plugins::IsolationPolicy isolation = isolation_policy(config);
  isolation.stop = stop;
  setup.registry = std::make_unique<plugins::Registry>(
      plugins::SearchPath::standard(config.flag_plugin_dirs, config.plugin_dirs,
                                    config.plugin_trust()),
      std::move(isolation));
  if (const std::vector<std::string> errors = unknown_isolation_tables(config, *setup.registry);
      !errors.empty()) {
    result.errors = errors;
    result.exit_status = exit_usage;
    return result;
  }
  try {
    setup.run = std::make_unique<join::PreparedRun>(run_settings(config), *setup.registry, stop);
  } catch (const PreparationError &error) {
    if (stop && stop->stop_requested()) {
      // What the stop cut short (a plugin's init or create) is no problem to report.
      result.stopped = true;
      return result;
    }
    result.errors.push_back(error.what());
    if (error.missing_plugins_only()) {
      for (const plugins::Refusal &refusal : setup.registry->refusals()) {
        result.errors.push_back("refused plugin file " + refusal.problem.text());
      }
    }
    result.exit_status = error.missing_plugins_only() ? exit_plugin_error : exit_usage;
    return result;
  }
  result.setup = std::move(setup);
  return result;
}

void print_errors(const std::vector<std::string> &errors) {
  for (const std::string &error : errors) std::cerr << error << '\n';
}

}  // namespace joinery::cli
