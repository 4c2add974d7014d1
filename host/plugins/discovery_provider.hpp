// A discovery provider as the host sees it: its description, and a safe way to call
// it. Keeps its library loaded for as long as it lives. An isolated provider (run out of
// process) looks the same; its calls go to a plugin runner (isolated_library.hpp).
#pragma once

#include <joinery/plugin.h>

#include <memory>
#include <string>
#include <vector>

#include "plugins/call_context.hpp"
#include "plugins/key_spec.hpp"
#include "plugins/plugin_item.hpp"
#include "plugins/plugin_result.hpp"

namespace joinery::plugins {

class PluginLibrary;
class IsolatedLibrary;

class DiscoveryProvider : public PluginItem {
 public:
  DiscoveryProvider(std::shared_ptr<const PluginLibrary> library,
                    const joinery_discovery_provider *table);
  // A provider of a library loaded in a plugin runner, described by the runner.
  DiscoveryProvider(std::shared_ptr<const PluginLibrary> library,
                    std::shared_ptr<IsolatedLibrary> isolated, PluginItemDescription description);

  // Calls the plugin's validate (if any) with `config` (defaults already applied).
  PluginResult validate(CallContext &call, const KeyValues &config) const;

  // Calls the plugin's discover; appends what it pushes to `out`. Thread-safe.
  PluginResult discover(CallContext &call, const KeyValues &config,
                        std::vector<std::string> &out) const;

 private:
  const joinery_discovery_provider *table_ = nullptr;  // passed back to the plugin as `self`
  joinery_discovery_provider known_{};                 // read from: the fields this host knows
};

}  // namespace joinery::plugins
