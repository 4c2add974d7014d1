#include "loading/join_backend.hpp"

#include <utility>

namespace joinery::plugins {

Joined BackendInstance::join(CallContext &call, std::string_view cluster,
                             const std::vector<std::string> &addresses) {
  if (addresses.empty()) {
    // The ABI promises the plugin count > 0; an empty attempt is the caller's to handle.
    return {{JOINERY_NOT_FOUND, "no addresses to join"}, 0};
  }
  return channel_->join(call, cluster, addresses);
}

JoinBackend::JoinBackend(std::shared_ptr<const BackendChannel> channel,
                         PluginItemDescription description)
    : PluginItem(channel, std::move(description)), channel_(std::move(channel)) {}

Created<BackendInstance> JoinBackend::create(CallContext &call, const KeyValues &config) const {
  Created<InstanceChannel> created = channel_->create(call, config);
  if (!created.instance) return {std::move(created.result), nullptr};
  return {std::move(created.result),
          std::make_unique<BackendInstance>(std::move(created.instance))};
}

}  // namespace joinery::plugins
