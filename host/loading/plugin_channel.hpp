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

class InstanceChannel;

// What a discover call answers: the plugin's result and every address it pushed (those
// pushed before a failure too: callers use them only when result.ok()).
struct Discovered {
  PluginResult result;
  std::vector<std::string> addresses;
};

// What a create call answers: the plugin's result and the instance, which is set
// exactly when result.ok().
template <class Instance>
struct Created {
  PluginResult result;
  std::unique_ptr<Instance> instance;
};

// What a join call answers: the plugin's result and how many of the addresses the
// plugin joined (at most as many as it was given).
struct Joined {
  PluginResult result;
  std::size_t joined = 0;
};

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
  // The plugin's discover: its result and what it pushed. Thread-safe.
  virtual Discovered discover(CallContext &call, const KeyValues &config) const = 0;
};

// One backend instance; destroyed through the plugin (or its runner) when this dies.
class InstanceChannel {
 public:
  virtual ~InstanceChannel() = default;
  // One join attempt with `addresses` (never empty).
  virtual Joined join(CallContext &call, std::string_view cluster,
                      const std::vector<std::string> &addresses) = 0;
};

class BackendChannel : public Channel {
 public:
  // An instance for `config` (defaults applied), or the plugin's reason why not.
  virtual Created<InstanceChannel> create(CallContext &call, const KeyValues &config) const = 0;
};

}  // namespace joinery::plugins
