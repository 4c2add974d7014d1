#include "plugins/plugin_item.hpp"

#include <utility>

namespace joinery::plugins {

PluginItem::PluginItem(std::shared_ptr<const PluginLibrary> library,
                       std::shared_ptr<IsolatedLibrary> isolated, PluginItemDescription description)
    : library_(std::move(library)),
      isolated_(std::move(isolated)),
      description_(std::move(description)) {}

}  // namespace joinery::plugins
