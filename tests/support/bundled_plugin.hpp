// A bundled plugin's provider or backend, loaded through the host's own plugin layer
// (registry, ABI checks, key defaults), for tests that call one plugin directly.
#pragma once

#include <memory>
#include <string_view>

#include "catalog/registry.hpp"
#include "keys/key_spec.hpp"
#include "loading/discovery_provider.hpp"
#include "loading/join_backend.hpp"

namespace joinery::test {

class BundledPlugins {
 public:
  BundledPlugins();  // the build's plugin directory, no name cache

  // The provider or backend called `name`; fails the test (throws) when missing.
  std::shared_ptr<const plugins::DiscoveryProvider> provider(std::string_view name);
  std::shared_ptr<const plugins::JoinBackend> backend(std::string_view name);

 private:
  plugins::Registry registry_;
};

// `values` checked against `keys` (throws on a problem) and with their defaults added,
// as the host hands them to a plugin.
plugins::KeyValues checked(const std::vector<plugins::KeySpec> &keys,
                           const plugins::KeyValues &values);

}  // namespace joinery::test
