// A join backend as the host sees it, and the instances it creates (one per cluster):
// a description and the channel calls go through, in this process or in a plugin
// runner (plugin_channel.hpp). Both keep their library loaded for as long as they live.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/call_context.hpp"
#include "base/plugin_result.hpp"
#include "keys/key_spec.hpp"
#include "loading/plugin_channel.hpp"
#include "loading/plugin_item.hpp"

namespace joinery::plugins {

// One backend instance; destroyed through the plugin when this object dies.
class BackendInstance {
 public:
  explicit BackendInstance(std::unique_ptr<InstanceChannel> channel)
      : channel_(std::move(channel)) {}

  // One join attempt: the plugin's result and how many addresses it joined.
  Joined join(CallContext &call, std::string_view cluster,
              const std::vector<std::string> &addresses);

 private:
  std::unique_ptr<InstanceChannel> channel_;
};

class JoinBackend : public PluginItem {
 public:
  JoinBackend(std::shared_ptr<const BackendChannel> channel, PluginItemDescription description);

  // Creates an instance for `config` (defaults already applied), or says why not.
  Created<BackendInstance> create(CallContext &call, const KeyValues &config) const;

 private:
  std::shared_ptr<const BackendChannel> channel_;
};

}  // namespace joinery::plugins
