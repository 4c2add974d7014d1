// The whole-process figures run joinery as an operator does, with the bundled plugins
// and a plugin cache, but never the operator's own: while this object lives, the
// children this process starts keep their cache in a temporary directory
// (XDG_CACHE_HOME) and see no JOINERY_PLUGIN_PATH.
#pragma once

#include <stdlib.h>

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

 private:
  test::TempDir dir_;
};

}  // namespace joinery::bench
