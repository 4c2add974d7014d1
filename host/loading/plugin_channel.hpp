// How the host calls one provider or backend. A DiscoveryProvider or JoinBackend is its
// description plus one of these; the two implementations are the plugin's own C table
// in this process (in_process_channel.hpp) and a plugin runner process
// (isolated_library.hpp). Callers never ask which: the contracts are the same, and the
// only difference they may act on is isolated() (an isolated call that hangs is killed
// with its runner rather than abandoned, so it does not count against the limit of
// abandoned calls).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/call_context.hpp"
#include "base/plugin_result.hpp"
#include "keys/key_spec.hpp"
#include "loading/library_identity.hpp"

namespace joinery::plugins {

// What every channel says about where it leads.
class Channel {
 public:
  virtual ~Channel() = default;
  // The library the item comes from; lives as long as the channel.
  [[nodiscard]] virtual const LibraryIdentity &library() const noexcept = 0;
  // True when calls run out of process, in a plugin runner.
  [[nodiscard]] virtual bool isolated() const noexcept = 0;
};

class ProviderChannel : public Channel {
 public:
  // The plugin's validate (a missing one accepts) with `config` (defaults applied).
  virtual PluginResult validate(CallContext &call, const KeyValues &config) const = 0;
  // The plugin's discover; appends what it pushes to `out`. Thread-safe.
  virtual PluginResult discover(CallContext &call, const KeyValues &config,
                                std::vector<std::string> &out) const = 0;
};

// One backend instance; destroyed through the plugin (or its runner) when this dies.
class InstanceChannel {
 public:
  virtual ~InstanceChannel() = default;
  // One join attempt with `addresses` (never empty); `joined` receives how many the
  // plugin joined, at most addresses.size().
  virtual PluginResult join(CallContext &call, std::string_view cluster,
                            const std::vector<std::string> &addresses, std::size_t &joined) = 0;
};

class BackendChannel : public Channel {
 public:
  // An instance for `config` (defaults applied); null on failure, the reason in `result`.
  virtual std::unique_ptr<InstanceChannel> create(CallContext &call, const KeyValues &config,
                                                  PluginResult &result) const = 0;
};

}  // namespace joinery::plugins
