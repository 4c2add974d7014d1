// A discovery provider as the host sees it: its description, and a safe way to call
// it. Keeps its library loaded for as long as it lives.
#pragma once

#include <joinery/plugin.h>

#include <memory>
#include <string>
#include <vector>

#include "plugins/call_context.hpp"
#include "plugins/key_spec.hpp"
#include "plugins/plugin_result.hpp"

namespace joinery::plugins {

class PluginLibrary;

class DiscoveryProvider {
 public:
  DiscoveryProvider(std::shared_ptr<const PluginLibrary> library,
                    const joinery_discovery_provider *table);

  [[nodiscard]] const std::string &name() const noexcept { return name_; }
  [[nodiscard]] const std::string &summary() const noexcept { return summary_; }
  [[nodiscard]] const std::string &help() const noexcept { return help_; }
  [[nodiscard]] const std::vector<KeySpec> &keys() const noexcept { return keys_; }
  [[nodiscard]] const PluginLibrary &library() const noexcept { return *library_; }

  // Calls the plugin's validate (if any) with `config` (defaults already applied).
  PluginResult validate(CallContext &call, const KeyValues &config) const;

  // Calls the plugin's discover; appends what it pushes to `out`. Thread-safe.
  PluginResult discover(CallContext &call, const KeyValues &config,
                        std::vector<std::string> &out) const;

 private:
  std::shared_ptr<const PluginLibrary> library_;
  const joinery_discovery_provider *table_;  // passed back to the plugin as `self`
  joinery_discovery_provider known_{};       // read from: the fields this host knows
  std::string name_, summary_, help_;
  std::vector<KeySpec> keys_;
};

}  // namespace joinery::plugins
