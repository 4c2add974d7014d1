#include "plugins/discovery_provider.hpp"

#include <mutex>
#include <string_view>

#include "plugins/abi_check.hpp"
#include "plugins/config_table.hpp"
#include "plugins/isolated_library.hpp"
#include "plugins/plugin_exit_guard.hpp"
#include "plugins/plugin_library.hpp"

namespace joinery::plugins {
namespace {

// What a discover call's sink writes to: the host copies every address pushed.
struct Collected {
  std::mutex mutex;  // a provider may push from several threads within its call
  std::vector<std::string> *out;
  const CallContext *call;
};

joinery_status push_address(const joinery_address_sink *sink, joinery_str address) {
  auto *collected = static_cast<Collected *>(sink->host_data);
  if (collected->call->cancelled()) {
    return JOINERY_CANCELLED;
  }
  if (address.data == nullptr && address.size > 0) {
    return JOINERY_INTERNAL;
  }
  std::lock_guard lock(collected->mutex);
  collected->out->emplace_back(address.data == nullptr ? ""
                                                       : std::string(address.data, address.size));
  return JOINERY_OK;
}

// "provider 'acme' (plugin file /usr/lib/...), in its discover call", for the exit guard.
std::string in_call(const DiscoveryProvider &provider, std::string_view call) {
  return "provider '" + provider.name() + "' (plugin file " + provider.library().file().string() +
         "), in its " + std::string(call) + " call";
}

}  // namespace

DiscoveryProvider::DiscoveryProvider(std::shared_ptr<const PluginLibrary> library,
                                     const joinery_discovery_provider *table)
    : PluginItem(std::move(library), nullptr, PluginItemDescription::from_table(table)),
      table_(table),
      known_(copy_table(table)) {}

DiscoveryProvider::DiscoveryProvider(std::shared_ptr<const PluginLibrary> library,
                                     std::shared_ptr<IsolatedLibrary> isolated,
                                     PluginItemDescription description)
    : PluginItem(std::move(library), std::move(isolated), std::move(description)) {}

PluginResult DiscoveryProvider::validate(CallContext &call, const KeyValues &config) const {
  if (isolated_) {
    return isolated_->validate(name(), call, config);  // the runner skips a missing validate
  }
  if (known_.validate == nullptr) {
    return {};
  }
  const ConfigTable table(config);
  call.set_error({});
  const InProcessPluginCall running(in_call(*this, "validate"));
  const joinery_status status = known_.validate(table_, &call, table.get());
  return make_result(status, call.error(), "provider '" + name() + "': validate");
}

PluginResult DiscoveryProvider::discover(CallContext &call, const KeyValues &config,
                                         std::vector<std::string> &out) const {
  if (isolated_) {
    return isolated_->discover(name(), call, config, out);
  }
  const ConfigTable table(config);
  Collected collected{{}, &out, &call};
  const joinery_address_sink sink{&collected, &push_address};
  call.set_error({});
  const InProcessPluginCall running(in_call(*this, "discover"));
  const joinery_status status = known_.discover(table_, &call, table.get(), &sink);
  return make_result(status, call.error(), "provider '" + name() + "': discover");
}

}  // namespace joinery::plugins
