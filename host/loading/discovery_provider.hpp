// A discovery provider as the host sees it: its description, and the channel its calls
// go through, in this process or in a plugin runner (plugin_channel.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/call_context.hpp"
#include "base/plugin_result.hpp"
#include "keys/key_spec.hpp"
#include "loading/plugin_channel.hpp"
#include "loading/plugin_item.hpp"

namespace joinery::plugins {

class DiscoveryProvider : public PluginItem {
 public:
  DiscoveryProvider(std::shared_ptr<const ProviderChannel> channel,
                    PluginItemDescription description);

  // Calls the plugin's validate (if any) with `config` (defaults already applied).
  PluginResult validate(CallContext &call, const KeyValues &config) const {
    return channel_->validate(call, config);
  }

  // Calls the plugin's discover: its result and what it pushed. Thread-safe.
  Discovered discover(CallContext &call, const KeyValues &config) const {
    return channel_->discover(call, config);
  }

 private:
  std::shared_ptr<const ProviderChannel> channel_;
};

}  // namespace joinery::plugins
