// Every plugin joinery can use, by kind and name. Plugin directories are scanned for
// *.so files once; a run loads only the libraries that provide the names it asks for
// (a cache maps names to files, checked against each file's size and mtime), while
// load_all() loads and checks every file (for `joinery plugins list`). A refused
// file never stops the others; refusals are kept with their reasons. The owner of a
// name is the first file in search order that provides it, whichever way the files
// were loaded; a later file providing the same name is refused for that name.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/discovery_provider.hpp"
#include "plugins/isolated_policy.hpp"
#include "plugins/join_backend.hpp"
#include "plugins/plugin_library.hpp"
#include "plugins/search_path.hpp"

namespace joinery::plugins {

class Registry {
 public:
  explicit Registry(SearchPath path);
  // Runs the plugins `isolation` names out of process, each in a plugin runner.
  Registry(SearchPath path, IsolationPolicy isolation);
  ~Registry();

  // Finds a provider or backend by name, loading only what is needed. Null when no
  // plugin provides it; then refusals() may say why (a refused file).
  std::shared_ptr<const DiscoveryProvider> find_provider(std::string_view name);
  std::shared_ptr<const JoinBackend> find_backend(std::string_view name);

  // Loads and checks every plugin file on the search path.
  void load_all();

  // The name of every provider on the search path, sorted, each once (what go-discover's
  // Names() lists): from the plugin cache for files it knows unchanged, so that no
  // library is loaded for it that a run would not load anyway.
  std::vector<std::string> provider_names();

  // What is loaded so far, in search order; files that were refused and why. Finds
  // may run on several threads at once; read refusals() once they are done.
  [[nodiscard]] std::vector<std::shared_ptr<const DiscoveryProvider>> providers() const;
  [[nodiscard]] std::vector<std::shared_ptr<const JoinBackend>> backends() const;
  [[nodiscard]] const std::vector<Refusal> &refusals() const;
  [[nodiscard]] const SearchPath &search_path() const;

  // The files this registry loaded (refused ones excluded), in search order.
  [[nodiscard]] std::vector<std::filesystem::path> loaded_files() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace joinery::plugins
