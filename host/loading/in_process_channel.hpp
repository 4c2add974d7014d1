// The channel of a provider or backend loaded in this process: calls go straight to the
// plugin's C table (read no further than its struct_size), each under an exit guard
// (plugin_exit_guard.hpp). Each channel, and each instance it creates, holds its library.
#pragma once

#include <joinery/plugin.h>

#include <memory>

#include "loading/plugin_channel.hpp"
#include "loading/plugin_library.hpp"

namespace joinery::plugins {

class InProcessProvider final : public ProviderChannel {
 public:
  InProcessProvider(std::shared_ptr<const PluginLibrary> library,
                    const joinery_discovery_provider *table);

  [[nodiscard]] const LibraryIdentity &library() const noexcept override {
    return library_->identity();
  }
  [[nodiscard]] bool isolated() const noexcept override { return false; }
  PluginResult validate(CallContext &call, const KeyValues &config) const override;
  Discovered discover(CallContext &call, const KeyValues &config) const override;

 private:
  std::shared_ptr<const PluginLibrary> library_;
  const joinery_discovery_provider *table_;  // passed back to the plugin as `self`
  joinery_discovery_provider known_;         // read from: the fields this host knows
};

class InProcessBackend final : public BackendChannel {
 public:
  InProcessBackend(std::shared_ptr<const PluginLibrary> library, const joinery_join_backend *table);

  [[nodiscard]] const LibraryIdentity &library() const noexcept override {
    return library_->identity();
  }
  [[nodiscard]] bool isolated() const noexcept override { return false; }
  Created<InstanceChannel> create(CallContext &call, const KeyValues &config) const override;

 private:
  std::shared_ptr<const PluginLibrary> library_;
  const joinery_join_backend *table_;  // passed back to the plugin as `self`
  joinery_join_backend known_;         // read from: the fields this host knows
};

}  // namespace joinery::plugins
