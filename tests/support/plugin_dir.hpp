// Plugin directories for the plugin-layer, trust and command tests: temporary folders holding
// copies of built fixtures and bundled plugins, and a way to tell which files the process has
// loaded.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "catalog/registry.hpp"
#include "catalog/search_path.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

// build/tests/plugin_abi/fixtures/joinery-fixture-<name>.so
std::filesystem::path fixture(std::string_view name);
// The bundled plugin joinery-<name>.so.
std::filesystem::path bundled(std::string_view name);

// The reasons `registry` gives for refusing `file`, one a line.
std::string refusal_of(const plugins::Registry &registry, const std::filesystem::path &file);

// True while `file` is mapped into this process (dlopen with RTLD_NOLOAD).
bool is_loaded(const std::filesystem::path &file);

class PluginDir {
 public:
  PluginDir();

  // Copies `file` in (under `as` if given) and returns the copy's path.
  std::filesystem::path add(const std::filesystem::path &file, std::string_view as = {});
  // Another directory beside the first, for multi-directory search paths.
  std::filesystem::path make_directory(std::string_view name) const;

  [[nodiscard]] const std::filesystem::path &plugins() const { return plugins_; }
  [[nodiscard]] std::filesystem::path cache_file() const { return dir_.path() / "cache.json"; }
  [[nodiscard]] const std::filesystem::path &root() const { return dir_.path(); }
  // {plugins()} with cache_file().
  [[nodiscard]] plugins::SearchPath search_path() const;

 private:
  TempDir dir_;
  std::filesystem::path plugins_;
};

}  // namespace joinery::test
