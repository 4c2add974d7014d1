// Where plugins are searched for, where the name cache lives, and the scan of the
// plugin directories for candidate files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "loading/plugin_library.hpp"
#include "trust/plugin_trust.hpp"

namespace joinery::plugins {

// Where plugins are searched for, in order; a name found earlier wins.
struct SearchPath {
  std::vector<std::filesystem::path> directories;
  // Where the name -> file cache lives; empty = no cache (always load everything).
  std::filesystem::path cache_file;
  // What a file must satisfy before it is loaded (trust/plugin_trust.hpp).
  TrustPolicy trust;

  // --plugin-dir flags, then config plugin_dirs, then JOINERY_PLUGIN_PATH
  // (colon-separated), then the built-in directory next to the executable.
  // JOINERY_PLUGIN_PATH and XDG_CACHE_HOME are ignored (and a log line says so) when
  // the environment is not trusted: set-uid, or root without trust.allow_environment.
  static SearchPath standard(const std::vector<std::filesystem::path> &flag_dirs,
                             const std::vector<std::filesystem::path> &config_dirs,
                             TrustPolicy trust = {});
};

// The bundled plugins' directory: the executable's directory (from /proc/self/exe)
// joined with JOINERY_PLUGIN_RELATIVE_DIR ("../lib/joinery/plugins").
std::filesystem::path builtin_plugin_dir();

// $XDG_CACHE_HOME/joinery/plugin-cache.json; else, for root, /var/cache/joinery/...;
// else $HOME/.cache/joinery/...; empty when none of them can be named. Without
// `use_environment`, XDG_CACHE_HOME and HOME are not read (the user's home comes
// from the password database).
std::filesystem::path default_cache_file(bool use_environment = true);

// One candidate plugin file and what identifies its content for the cache.
struct PluginFile {
  std::filesystem::path path;  // absolute
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;
};

struct ScanResult {
  std::vector<PluginFile> files;               // in search order, each file once
  std::vector<std::filesystem::path> scanned;  // the directories read, absolute
  std::vector<Refusal> refusals;               // empty, missing or unreadable directories
};

// Lists the *.so files of `directories` (in order; by name within a directory),
// skipping directories and files already seen under another name. A directory that
// is missing, unreadable, holds no *.so, or (as root) could be changed by someone
// other than root is reported, never fatal.
ScanResult scan_plugin_directories(const std::vector<std::filesystem::path> &directories);

}  // namespace joinery::plugins
