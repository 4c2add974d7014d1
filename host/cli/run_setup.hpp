// What `joinery run` and `joinery validate` share: the arguments turned into one
// validated configuration, the log configured, and every part of the run prepared
// through the plugin registry (loading only the plugins it names) -- or the exit
// status that says why not, with the reasons already printed on stderr.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "base/stop_source.hpp"
#include "catalog/registry.hpp"
#include "cli/commands.hpp"
#include "cli/run_options.hpp"
#include "join/prepared_run.hpp"

namespace joinery::cli {

struct RunSetup {
  RunOptions options;
  std::unique_ptr<plugins::Registry> registry;  // keeps the plugins loaded
  std::unique_ptr<join::PreparedRun> run;       // declared after: destroyed first
};

struct RunSetupResult {
  std::optional<RunSetup> setup;    // set when everything is ready to run
  int exit_status = 0;              // otherwise: 0 after --help, 2 or 3 after a problem
  bool stopped = false;             // or: `stop` was requested while preparing (nothing printed)
  std::vector<std::string> errors;  // the problems, one line each, for stderr or --json
};

// A command's own options beside the shared ones (validate's --json), and the caption
// its --help lists them under.
struct OwnOptions {
  const boost::program_options::options_description *options = nullptr;
  std::string_view caption = "Options";
};

// Parses `args`; with --help prints `usage` and the options to stdout. `stop` is the
// run's shutdown (cancels provider and backend calls, ends every wait, a plugin
// runner's loading included); when it ends the preparation, the result says `stopped`.
// The problems that stop it are returned, not printed.
RunSetupResult set_up_run(const Arguments &args, std::string_view usage,
                          std::shared_ptr<plugins::StopSource> stop, const OwnOptions &own = {});

// `errors` on stderr, one a line.
void print_errors(const std::vector<std::string> &errors);

// The configuration in the join layer's terms (Consul's agent options).
join::RunSettings run_settings(const config::Config &config);

// Takes the variables the configuration's `KEY_env` keys name out of the environment,
// before any plugin (or plugin runner) starts: plugins::withhold_environment_variables
// for every backend and every provider string, plus `more_entries` (discover's).
void withhold_environment_secrets(const config::Config &config,
                                  const std::vector<std::string> &more_entries = {});

// Which plugins run out of process (--isolate-plugins, [plugins.NAME] isolation).
plugins::IsolationPolicy isolation_policy(const config::Config &config);

}  // namespace joinery::cli
