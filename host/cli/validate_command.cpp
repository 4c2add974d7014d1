// joinery validate: everything `joinery run` checks before its first attempt -- the
// configuration, every provider string and backend with the plugins' own key
// descriptions -- without joining anything; then what each cluster would do.
#include <boost/program_options.hpp>
#include <joinery/sdk/duration.hpp>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/run_setup.hpp"
#include "logging/json_text.hpp"

namespace joinery::cli {
namespace {

namespace po = boost::program_options;
using Json = nlohmann::ordered_json;

constexpr std::string_view validate_usage = R"(Usage: joinery validate [options]

Checks a configuration as 'joinery run' does before its first attempt: the TOML
files and flags (Consul's rules and messages), every provider string against its
provider's keys, and each cluster's join backend and its keys. Loads the plugins
the configuration names, but discovers and joins nothing. Takes the same options
as run. Prints "configuration is valid" and what each cluster would do, or with
--json one JSON object (also when the configuration is invalid).

Exit status: 0 valid; 2 a usage or configuration error; 3 a plugin the
configuration needs is missing or was refused.

Examples:
  joinery validate --config /etc/joinery/joinery.toml
  joinery validate --config-dir /etc/joinery/conf.d --plugin-dir /opt/acme
  joinery validate -retry-join 'provider=static addrs=10.0.0.1,10.0.0.2' \
      --join-backend log --json

)";

// The version of validate's JSON object; raised when a member changes meaning or
// goes away (adding one does not).
constexpr int json_schema = 1;

po::options_description validate_options() {
  po::options_description options;
  options.add_options()("json", po::bool_switch(),
                        "print one JSON object on stdout instead of text (errors included)");
  return options;
}

Json cluster_json(const join::PlannedCluster &cluster) {
  const auto seconds = [](std::chrono::nanoseconds duration) {
    return std::chrono::duration<double>(duration).count();
  };
  Json out{{"cluster", cluster.cluster}};
  if (!cluster.not_joined.empty()) {
    out["joined"] = false;
    out["reason"] = cluster.not_joined;
    return out;
  }
  out["joined"] = !cluster.entries.empty();
  out["backend"] = cluster.backend.empty() ? Json() : Json(cluster.backend);
  out["entries"] = cluster.entries;
  out["attempts"] = cluster.attempts == 0 ? Json() : Json(cluster.attempts);
  out["interval_seconds"] = seconds(cluster.interval);
  out["backoff_max_seconds"] = cluster.backoff_max ? Json(seconds(*cluster.backoff_max)) : Json();
  return out;
}

int print_json(const RunSetupResult &result) {
  Json out{{"schema", json_schema},
           {"valid", result.setup.has_value()},
           {"exit_status", result.setup ? exit_ok : result.exit_status},
           {"errors", result.errors}};
  if (result.setup) {
    Json files = Json::array();
    for (const std::filesystem::path &file : result.setup->options.config_files) {
      files.push_back(file.string());
    }
    Json clusters = Json::array();
    for (const join::PlannedCluster &cluster : result.setup->run->planned_clusters()) {
      clusters.push_back(cluster_json(cluster));
    }
    out["files"] = std::move(files);
    out["clusters"] = std::move(clusters);
    out["systemd_notify"] = result.setup->options.config.systemd_notify;
  }
  std::cout << logging::json_text(out, 2) << '\n';
  return result.setup ? exit_ok : result.exit_status;
}

}  // namespace

int validate_command(const Arguments &args) {
  const po::options_description own = validate_options();
  RunSetupResult result = set_up_run(args, validate_usage, std::make_shared<plugins::StopSource>(),
                                     {.options = &own, .caption = "Validate options"});
  // Arguments that did not parse leave no option values: then --json is looked for as
  // typed, so that a script asking for JSON gets JSON about its mistake too.
  const bool json = result.setup
                        ? result.setup->options.command_values["json"].as<bool>()
                        : std::any_of(args.begin(), args.end(), [](const std::string &arg) {
                            return arg == "--json" || arg == "-json";
                          });
  if (json && (result.setup || !result.errors.empty())) return print_json(result);
  if (!result.setup) {
    print_errors(result.errors);
    return result.exit_status;
  }
  std::cout << "configuration is valid\n";
  for (const std::filesystem::path &file : result.setup->options.config_files) {
    std::cout << "read " << file.string() << '\n';
  }
  std::cout << result.setup->run->describe();
  std::cout << "systemd notification: "
            << (result.setup->options.config.systemd_notify ? "on when NOTIFY_SOCKET is set"
                                                            : "off (systemd_notify = false)")
            << '\n';
  return exit_ok;
}

}  // namespace joinery::cli
