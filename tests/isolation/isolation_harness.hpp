// What the isolation, faults and hygiene tests share: the misbehaving fixture
// plugins, search paths naming exactly the plugins a test wants, isolation policies
// that use the runner the build made, and plugin calls with a deadline and a stop.
#pragma once

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/call_context.hpp"
#include "base/stop_source.hpp"
#include "catalog/search_path.hpp"
#include "isolation/isolated_policy.hpp"
#include "keys/key_spec.hpp"
#include "loading/discovery_provider.hpp"
#include "support/paths.hpp"

namespace joinery::test {

// The directory of one isolation fixture ("misbehaving", "init-segfault", "init-hang",
// "not-a-plugin"), or "bundled" for the bundled plugins.
inline std::filesystem::path isolation_fixture_dir(std::string_view name) {
  if (name == "bundled") return bundled_plugin_dir();
  return std::filesystem::path(JOINERY_ISOLATION_FIXTURE_DIR) / name;
}

// A search path of exactly these fixture directories, without a cache.
inline plugins::SearchPath fixture_search_path(std::initializer_list<std::string_view> names) {
  plugins::SearchPath path;
  for (std::string_view name : names) path.directories.push_back(isolation_fixture_dir(name));
  return path;
}

// Every plugin out of process, in the runner the build made.
inline plugins::IsolationPolicy isolate_all(
    std::chrono::milliseconds load_timeout = std::chrono::seconds(10)) {
  plugins::IsolationPolicy policy;
  policy.all = true;
  policy.runner = plugin_runner();
  policy.load_timeout = load_timeout;
  return policy;
}

// A provider call as the resolver makes one: a deadline `timeout` from now (none when
// unset) and the stop signal.
inline plugins::Discovered discover(const plugins::DiscoveryProvider &provider,
                                    const plugins::KeyValues &config,
                                    std::optional<std::chrono::milliseconds> timeout,
                                    const plugins::StopSource *stop = nullptr) {
  plugins::CallContext::Options options;
  options.stop = stop;
  if (timeout) options.deadline = std::chrono::steady_clock::now() + *timeout;
  options.log_subsystem = "agent.plugin." + provider.name();
  plugins::CallContext call(std::move(options));
  return provider.discover(call, config);
}

}  // namespace joinery::test
