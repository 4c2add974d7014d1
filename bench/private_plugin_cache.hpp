// The whole-process figures run joinery as an operator does, with the bundled plugins
// and a plugin cache, but never the machine's own: while this object lives, the
// `joinery run` commands it makes keep their cache in a temporary directory
// (XDG_CACHE_HOME) and see no JOINERY_PLUGIN_PATH. As root, joinery trusts
// XDG_CACHE_HOME only with --allow-env-plugin-path (docs/hardening.md); without it every
// run would read and write /var/cache/joinery/plugin-cache.json, which on a machine
// where tests run as root holds hundreds of entries.
#pragma once

#include <stdlib.h>

#include <string>
#include <vector>

#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace joinery::bench {

class PrivatePluginCache {
 public:
  PrivatePluginCache() {
    ::setenv("XDG_CACHE_HOME", (dir_.path() / "cache").c_str(), 1);
    ::unsetenv("JOINERY_PLUGIN_PATH");
  }
  ~PrivatePluginCache() { ::unsetenv("XDG_CACHE_HOME"); }
  PrivatePluginCache(const PrivatePluginCache &) = delete;
  PrivatePluginCache &operator=(const PrivatePluginCache &) = delete;

  // `joinery run ARGUMENTS...` using this cache.
  [[nodiscard]] std::vector<std::string> joinery_run(
      const std::vector<std::string> &arguments) const {
    std::vector<std::string> argv = {test::joinery_binary().string(), "run",
                                     "--allow-env-plugin-path"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return argv;
  }

 private:
  test::TempDir dir_;
};

}  // namespace joinery::bench
