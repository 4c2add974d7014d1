// The one way a plugin file becomes providers and backends: judged by the trust rule
// first, then loaded in this process (plugin_library.hpp) or probed in a plugin runner
// (isolated_library.hpp) when the isolation policy names anything it carries.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "isolation/isolated_policy.hpp"
#include "loading/discovery_provider.hpp"
#include "loading/join_backend.hpp"
#include "loading/plugin_library.hpp"
#include "trust/plugin_trust.hpp"

namespace joinery::plugins {

// What one plugin file carries: loaded in this process, or probed in a runner when
// `policy` isolates any name it carries; either way only once `trust` accepts the file.
// `known_names` are the names the cache says it carries (empty when unknown: then, if the policy
// isolates anything, the file is probed in a runner first, so that no unknown file runs in this
// process before its names are known). A refused file's Problem has the file as its where.
struct LoadedItems {
  std::vector<std::shared_ptr<const DiscoveryProvider>> providers;
  std::vector<std::shared_ptr<const JoinBackend>> backends;
};
Result<LoadedItems> load_plugin_items(const std::filesystem::path &file,
                                      const IsolationPolicy &policy, const TrustPolicy &trust,
                                      const std::vector<std::string> &known_names);

}  // namespace joinery::plugins
