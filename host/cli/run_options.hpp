// The command-line options shared by `joinery run`, `validate` and `discover`, and
// the one call that turns a command's arguments into a validated Config.
//
// Consul's flag names are accepted with one or two dashes (-retry-join and
// --retry-join; so are joinery's own), `-flag value` and `-flag=value` alike, and
// flags are one more source of configuration merged after every file: scalars
// override, lists (-retry-join, -primary-gateway, ...) append. A run-like command:
//
//   int run_command(const Arguments &args) {
//     namespace po = boost::program_options;
//     po::options_description own("Run options");
//     own.add_options()("no-wan", "...");  // the command's own options, if any
//     ParsedRunOptions parsed = parse_run_options(args, {.own = &own});
//     if (parsed.help) { std::cout << usage << run_options_help(OptionGroups::run, &own); return
//     exit_ok; } if (!parsed.options) { print_errors(parsed.errors); return exit_usage; } const
//     config::Config &config = parsed.options->config;
//     ...
//   }
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "config/loader.hpp"
#include "problem/result.hpp"

namespace joinery::cli {

// Which of the shared options a command takes.
enum class OptionGroups {
  // run, validate: where configuration and plugins come from, logging, and every
  // join option (Consul's flags, --join-backend, --discovery-timeout, --retry-backoff,
  // --retry-interval-max, --summary).
  run,
  // discover: where configuration and plugins come from, and logging.
  discover,
};

struct CommandOptions {
  OptionGroups groups = OptionGroups::run;
  // The command's own options (e.g. discover's -q, --json); may be null. They are
  // parsed with the same style (one or two dashes) and land in `command_values`.
  const boost::program_options::options_description *own = nullptr;
  // How many non-option arguments the command takes (discover: its provider string).
  std::size_t max_positional = 0;
};

struct RunOptions {
  config::Config config;  // merged (files, then flags), defaulted, validated
  // The files that were read, in order (--config-dir expanded), e.g. for `validate`.
  std::vector<std::filesystem::path> config_files;
  // The Consul keys --skip-consul-keys skipped, logged at debug once logging is set up.
  std::vector<config::SkippedKey> skipped_keys;
  boost::program_options::variables_map command_values;  // the command's own options
  std::vector<std::string> positional;                   // non-option arguments, in order
};

struct ParsedRunOptions {
  // --help or -h was given: print the command's help and exit 0; nothing else was
  // checked and `options` is empty.
  bool help = false;
  // Set when the arguments and the configuration are valid.
  std::optional<RunOptions> options;
  // Otherwise every problem, one line each, ready for stderr ("a.toml:3:14: unknown
  // key 'retry_jion' (did you mean 'retry_join'?)"); the command exits with
  // exit_usage (2) and starts nothing.
  std::vector<std::string> errors;
};

// Parses `args` (the arguments after the command's name), loads every --config /
// --config-dir, merges the flags last and validates (config::load).
ParsedRunOptions parse_run_options(const Arguments &args, const CommandOptions &command = {});

// The shared options' help, grouped, for a command's --help (after `own`'s help, under
// `own_caption`, when given).
std::string run_options_help(OptionGroups groups,
                             const boost::program_options::options_description *own = nullptr,
                             std::string_view own_caption = "Options");

// A --join-backend value, 'NAME key=val key="quoted value" ...', as a backend choice
// (origin "--join-backend"), or what is wrong with it (every value masked; the caller
// says where).
Result<config::BackendChoice> parse_join_backend_flag(const std::string &text);

}  // namespace joinery::cli
