// One loaded and initialised plugin library. Loading checks the entry before any
// plugin code runs (ABI major, minor, struct size) and refuses with a reason an
// operator can act on. The library is unloaded (after deinit) when the last
// shared_ptr to it goes: every provider, backend and instance holds one.
#pragma once

#include <joinery/plugin.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "loading/library_identity.hpp"
#include "problem/result.hpp"

namespace joinery::plugins {

class DiscoveryProvider;
class JoinBackend;

// Why a file (or a directory of the search path) was not loaded, in words for the
// operator: the problem's where is the file, its reason() names what was found, what
// was expected, and what to do; its text() is "<file>: <reason>".
struct Refusal {
  Problem problem;
  // True when the whole file is refused; false when only one name it carries is (a
  // duplicate of an earlier file's), the rest of the file being in use.
  bool whole_file = true;
};

class PluginLibrary : public std::enable_shared_from_this<PluginLibrary> {
 public:
  // Loads `file` (an absolute path) with RTLD_NOW | RTLD_LOCAL, checks and inits it.
  // Whether the file may be loaded at all (plugin_trust.hpp) is judged before, by
  // load_plugin_items: one check, hashing a pinned file once, that also serves a file
  // a plugin runner maps instead of this process.
  // A refused file's Problem has the file as its where.
  static Result<std::shared_ptr<PluginLibrary>> load(const std::filesystem::path &file);

  // "joinery-dns.so" -> "agent.plugin.dns": where a library's own log lines go.
  static std::string log_subsystem_for(const std::filesystem::path &file);

  ~PluginLibrary();  // calls deinit, then unloads
  PluginLibrary(const PluginLibrary &) = delete;
  PluginLibrary &operator=(const PluginLibrary &) = delete;

  // The file, plugin id and version, and ABI, as the entry gave them.
  [[nodiscard]] const LibraryIdentity &identity() const noexcept;

  // What the library carries; each result keeps the library alive.
  [[nodiscard]] std::vector<std::shared_ptr<const DiscoveryProvider>> providers() const;
  [[nodiscard]] std::vector<std::shared_ptr<const JoinBackend>> backends() const;

 private:
  struct Impl;
  explicit PluginLibrary(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace joinery::plugins
