// Builds the one validated Config of a run from its sources: TOML and JSON files and
// directories (--config, --config-dir) in the order given, then the command line.
//
//   config::Sources sources{.paths = {"/etc/joinery/base.toml", "/etc/joinery/conf.d"}};
//   config::Loaded loaded = config::load(sources);
//   if (!loaded.config) { for (auto &p : loaded.problems) std::cerr << p.text() << '\n'; }
//
// The command line is normally parsed by cli::parse_run_options (cli/run_options.hpp),
// which fills Sources and calls load().
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/layer.hpp"
#include "problem/problem.hpp"
#include "trust/root_only_path.hpp"

namespace joinery::config {

struct Sources {
  // --config files and --config-dir directories, in the order given, read in that
  // order. A directory contributes its *.toml and *.json files (not its
  // subdirectories), sorted by name, as Consul reads a config dir; a *.hcl file in it
  // is a problem (config/config_file.hpp).
  std::vector<std::filesystem::path> paths;
  // The command line: merged last, so flags override files and lists append.
  Layer flags;
  // As root, a --config file, a --config-dir, a file in one, or a directory above them
  // that someone other than root can change is refused before anything is read (the
  // plugin trust rule, trust/root_only_path.hpp), unless this is set
  // (--allow-untrusted-config).
  bool allow_untrusted = false;
  // A Consul agent's keys joinery does not read (data_dir, bootstrap_expect, ...) are
  // skipped, each reported in Loaded::skipped_keys, instead of being unknown keys
  // (--skip-consul-keys). A --config-dir that then sets nothing is a problem.
  bool skip_consul_keys = false;
  trust::ProcessPrivilege privilege = trust::ProcessPrivilege::current();
};

// A Consul key a file set and joinery skipped, for a debug line.
struct SkippedKey {
  std::filesystem::path file;
  std::string key;  // its path: "data_dir", "connect.ca_provider"
};

struct Loaded {
  std::optional<Config> config;  // set exactly when there are no problems
  // Every mistake found, file by file, then the rules about the whole configuration.
  Problems problems;
  // The files that were read, in order (directories expanded).
  std::vector<std::filesystem::path> files;
  // The Consul keys skipped (Sources::skip_consul_keys), file by file, in order.
  std::vector<SkippedKey> skipped_keys;
};

// Reads every source, merges them onto the defaults, applies the derived defaults
// (config/validation.hpp) and validates. A config with problems must start nothing
// (the caller exits with status 2). As root, sources someone else can change are
// refused first (Sources::allow_untrusted), and then nothing is read.
Loaded load(const Sources &sources);

// The files `paths` stands for, in reading order (directories expanded); a path
// that does not exist, or a directory that cannot be listed, is a problem.
std::vector<std::filesystem::path> expand_paths(const std::vector<std::filesystem::path> &paths,
                                                Problems &problems);

}  // namespace joinery::config
