// What a discovery provider and a join backend have in common as the host holds them:
// their description and the channel their calls go through (plugin_channel.hpp), which
// keeps the library they come from loaded (or its runner known) for as long as they live.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "keys/key_spec.hpp"
#include "loading/library_identity.hpp"
#include "loading/plugin_channel.hpp"
#include "loading/plugin_item_description.hpp"

namespace joinery::plugins {

class PluginItem {
 public:
  [[nodiscard]] const PluginItemDescription &description() const noexcept { return description_; }
  [[nodiscard]] const std::string &name() const noexcept { return description_.name; }
  [[nodiscard]] const std::vector<KeySpec> &keys() const noexcept { return description_.keys; }
  [[nodiscard]] const LibraryIdentity &library() const noexcept { return channel_->library(); }
  // True when its calls run out of process, in a plugin runner.
  [[nodiscard]] bool isolated() const noexcept { return channel_->isolated(); }

 protected:
  PluginItem(std::shared_ptr<const Channel> channel, PluginItemDescription description);

 private:
  std::shared_ptr<const Channel> channel_;
  PluginItemDescription description_;
};

}  // namespace joinery::plugins
