// The plugin registry the in-process benchmarks use: the bundled plugins the build
// made, and no cache file (the registry then loads a file when a name is asked for).
#pragma once

#include "catalog/registry.hpp"
#include "support/paths.hpp"

namespace joinery::bench {

inline plugins::Registry bundled_registry() {
  return plugins::Registry(plugins::SearchPath{{test::bundled_plugin_dir()}, {}});
}

}  // namespace joinery::bench
