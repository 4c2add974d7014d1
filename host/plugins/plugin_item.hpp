// What a discovery provider and a join backend have in common as the host holds them:
// the library they come from (kept loaded for as long as they live), the plugin
// runner library their calls go to when they are isolated, and their description.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "plugins/key_spec.hpp"
#include "plugins/plugin_item_description.hpp"

namespace joinery::plugins {

class PluginLibrary;
class IsolatedLibrary;

class PluginItem {
 public:
  [[nodiscard]] const PluginItemDescription &description() const noexcept { return description_; }
  [[nodiscard]] const std::string &name() const noexcept { return description_.name; }
  [[nodiscard]] const std::vector<KeySpec> &keys() const noexcept { return description_.keys; }
  [[nodiscard]] const PluginLibrary &library() const noexcept { return *library_; }
  // True when its calls run out of process, in a plugin runner.
  [[nodiscard]] bool isolated() const noexcept { return isolated_ != nullptr; }

 protected:
  // `isolated` is null for an item loaded in this process.
  PluginItem(std::shared_ptr<const PluginLibrary> library,
             std::shared_ptr<IsolatedLibrary> isolated, PluginItemDescription description);

  std::shared_ptr<const PluginLibrary> library_;
  std::shared_ptr<IsolatedLibrary> isolated_;  // set: calls go to a runner
  PluginItemDescription description_;
};

}  // namespace joinery::plugins
