// The name -> file cache that lets a run load only the libraries it needs: for each
// plugin file, the provider and backend names it carries (or why it was refused),
// valid while the file keeps its size and mtime (GStreamer's registry does the
// same). Stored as JSON; a cache that cannot be read is empty, one that cannot be
// written is skipped: joinery then loads every file, as it would without a cache.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/search_path.hpp"

namespace joinery::plugins {

struct CachedPlugin {
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;
  std::vector<std::string> providers;
  std::vector<std::string> backends;
  std::optional<std::string> refused;  // the reason, when the file was refused

  bool operator==(const CachedPlugin &) const = default;
};

class PluginCache {
 public:
  // Reads `file`; empty when it is missing, unreadable, malformed, or written by
  // another joinery version or ABI (whose refusals may differ).
  static PluginCache read(const std::filesystem::path &file);

  // The entry for `plugin` if it still describes the file's content.
  [[nodiscard]] const CachedPlugin *find(const PluginFile &plugin) const;

  // Records what `plugin` carries; the cache counts as changed only when that differs
  // from what it held (so an unchanged cache is never rewritten).
  void put(const PluginFile &plugin, CachedPlugin entry);

  // Drops entries for files that were in a scanned directory and are gone.
  void forget_missing(const ScanResult &scan);

  // Writes atomically (temporary file, then rename). False when it cannot. Leaves out
  // the entries of files that no longer exist, wherever they were.
  bool write(const std::filesystem::path &file) const;

  [[nodiscard]] bool changed() const noexcept { return changed_; }

 private:
  std::map<std::string, CachedPlugin> files_;
  bool changed_ = false;
};

}  // namespace joinery::plugins
