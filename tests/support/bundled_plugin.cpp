#include "support/bundled_plugin.hpp"

#include <stdexcept>

#include "support/paths.hpp"

namespace joinery::test {

BundledPlugins::BundledPlugins() : registry_(plugins::SearchPath{{bundled_plugin_dir()}, {}}) {}

std::shared_ptr<const plugins::DiscoveryProvider> BundledPlugins::provider(std::string_view name) {
  auto found = registry_.find_provider(name);
  if (!found) throw std::runtime_error("no bundled provider " + std::string(name));
  return found;
}

std::shared_ptr<const plugins::JoinBackend> BundledPlugins::backend(std::string_view name) {
  auto found = registry_.find_backend(name);
  if (!found) throw std::runtime_error("no bundled backend " + std::string(name));
  return found;
}

plugins::KeyValues checked(const std::vector<plugins::KeySpec> &keys,
                           const plugins::KeyValues &values) {
  const Problems problems = plugins::check_keys(keys, values);
  if (!problems.empty()) throw std::runtime_error("bad keys: " + problems.front().text());
  return plugins::with_defaults(keys, values);
}

}  // namespace joinery::test
