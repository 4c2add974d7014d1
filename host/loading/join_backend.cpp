#include "loading/join_backend.hpp"

#include <utility>

namespace joinery::plugins {

PluginResult BackendInstance::join(CallContext &call, std::string_view cluster,
                                   const std::vector<std::string> &addresses, std::size_t &joined) {
  joined = 0;
  if (addresses.empty()) {
    // The ABI promises the plugin count > 0; an empty attempt is the caller's to handle.
    return {JOINERY_NOT_FOUND, "no addresses to join"};
  }
  return channel_->join(call, cluster, addresses, joined);
}

JoinBackend::JoinBackend(std::shared_ptr<const BackendChannel> channel,
                         PluginItemDescription description)
    : PluginItem(channel, std::move(description)), channel_(std::move(channel)) {}

std::unique_ptr<BackendInstance> JoinBackend::create(CallContext &call, const KeyValues &config,
                                                     PluginResult &result) const {
  std::unique_ptr<InstanceChannel> instance = channel_->create(call, config, result);
  if (!instance) return nullptr;
  return std::make_unique<BackendInstance>(std::move(instance));
}

}  // namespace joinery::plugins
