// The plugin layer, in four folders (docs/architecture.md draws the graph):
//  - loading (host/loading): one library in this process. Boost.DLL opens it with
//    RTLD_NOW | RTLD_LOCAL, abi_check reads its joinery_plugin_entry before any of its
//    code runs (major, minor, struct_size), and its providers and backends become
//    items that the host calls through a channel (in_process_channel), given the host
//    services table (host_services) and guarded against exit() (plugin_exit_guard).
//  - isolation (host/isolation): the same library in a joinery-plugin-runner process,
//    spoken to over a socket (isolated_protocol); the policy says which plugins run
//    there. Its items look like the in-process ones to everything above.
//  - catalog (host/catalog, this file): where the names come from. The search path
//    lists the plugin directories, the cache remembers which file provides which
//    name, plugin_loader is the one place that loads a file in process or isolated,
//    and the registry below keeps every loaded library alive as long as its items.
//  - trust (host/trust): whether a file may be loaded at all (root ownership, pins):
//    the search path carries the policy, and plugin_loader applies it before any load.
// The calls themselves (deadline, cancellation, a thread per call) are host/base's.
//
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

#include "catalog/search_path.hpp"
#include "isolation/isolated_policy.hpp"
#include "loading/discovery_provider.hpp"
#include "loading/join_backend.hpp"
#include "loading/plugin_library.hpp"

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
