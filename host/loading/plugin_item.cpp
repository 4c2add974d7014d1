#include "loading/plugin_item.hpp"

#include <utility>

namespace joinery::plugins {

PluginItem::PluginItem(std::shared_ptr<const Channel> channel, PluginItemDescription description)
    : channel_(std::move(channel)), description_(std::move(description)) {}

}  // namespace joinery::plugins
