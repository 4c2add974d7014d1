#include "loading/discovery_provider.hpp"

#include <utility>

namespace joinery::plugins {

DiscoveryProvider::DiscoveryProvider(std::shared_ptr<const ProviderChannel> channel,
                                     PluginItemDescription description)
    : PluginItem(channel, std::move(description)), channel_(std::move(channel)) {}

}  // namespace joinery::plugins
