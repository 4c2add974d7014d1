// The whole-process figures run joinery as an operator does, with the bundled plugins
// and a plugin cache, but never the machine's own: while this object lives, the
// `joinery run` commands it makes keep their cache in a temporary directory
// (XDG_CACHE_HOME) and see no JOINERY_PLUGIN_PATH. As root, joinery trusts
// XDG_CACHE_HOME only with --allow-env-plugin-path (docs/hardening.md); without it every
// run would read and write /var/cache/joinery/plugin-cache.json, which on a machine
// where tests run as root holds hundreds of entries.
#pragma once

#include <stdlib.h>

#include <filesystem>
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

  // The joinery measured: the build's, or JOINERY_BENCH_BINARY (an installed one, with
  // the plugins installed beside it: scripts/package-test measures the package).
  static std::filesystem::path binary() {
    const char *installed = ::getenv("JOINERY_BENCH_BINARY");
    return installed != nullptr ? std::filesystem::path(installed) : test::joinery_binary();
  }
  // Its bundled plugins: the build's, or JOINERY_BENCH_PLUGIN_DIR.
  static std::filesystem::path plugin_dir() {
    const char *installed = ::getenv("JOINERY_BENCH_PLUGIN_DIR");
    return installed != nullptr ? std::filesystem::path(installed) : test::bundled_plugin_dir();
  }

  // `joinery run ARGUMENTS...` using this cache.
  [[nodiscard]] std::vector<std::string> joinery_run(
      const std::vector<std::string> &arguments) const {
    std::vector<std::string> argv = {binary().string(), "run", "--allow-env-plugin-path"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return argv;
  }

 private:
  test::TempDir dir_;
};

}  // namespace joinery::bench
