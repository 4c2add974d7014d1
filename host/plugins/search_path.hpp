// Where plugins are searched for, where the name cache lives, and the scan of the
// plugin directories for candidate files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "plugins/plugin_library.hpp"

namespace joinery::plugins {

// Where plugins are searched for, in order; a name found earlier wins.
struct SearchPath {
  std::vector<std::filesystem::path> directories;
  // Where the name -> file cache lives; empty = no cache (always load everything).
  std::filesystem::path cache_file;

  // --plugin-dir flags, then config plugin_dirs, then JOINERY_PLUGIN_PATH
  // (colon-separated), then the built-in directory next to the executable.
  static SearchPath standard(const std::vector<std::filesystem::path> &flag_dirs,
                             const std::vector<std::filesystem::path> &config_dirs);
};

// The bundled plugins' directory: the executable's directory (from /proc/self/exe)
// joined with JOINERY_PLUGIN_RELATIVE_DIR ("../lib/joinery/plugins").
std::filesystem::path builtin_plugin_dir();

// $XDG_CACHE_HOME/joinery/plugin-cache.json; else, for root, /var/cache/joinery/...;
// else $HOME/.cache/joinery/...; empty when none of them can be named.
std::filesystem::path default_cache_file();

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
// is missing, unreadable or holds no *.so is reported, never fatal.
ScanResult scan_plugin_directories(const std::vector<std::filesystem::path> &directories);

}  // namespace joinery::plugins
