#include "plugins/discovery_provider.hpp"

#include <mutex>
#include <string_view>

#include "plugins/abi_check.hpp"
#include "plugins/config_table.hpp"
#include "plugins/isolated_library.hpp"
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

}  // namespace

DiscoveryProvider::DiscoveryProvider(std::shared_ptr<const PluginLibrary> library,
                                     const joinery_discovery_provider *table)
    : library_(std::move(library)), table_(table), known_(copy_table(table)) {
  name_ = text_or_empty(known_.name);
  summary_ = text_or_empty(known_.summary);
  help_ = text_or_empty(known_.help);
  keys_ = key_specs(known_.keys, known_.key_count);
}

DiscoveryProvider::DiscoveryProvider(std::shared_ptr<const PluginLibrary> library,
                                     std::shared_ptr<IsolatedLibrary> isolated,
                                     const isolated::ItemDescription &description)
    : library_(std::move(library)),
      isolated_(std::move(isolated)),
      name_(description.name),
      summary_(description.summary),
      help_(description.help),
      keys_(description.keys) {}

PluginResult DiscoveryProvider::validate(CallContext &call, const KeyValues &config) const {
  if (isolated_) {
    return isolated_->validate(name_, call, config);  // the runner skips a missing validate
  }
  if (known_.validate == nullptr) {
    return {};
  }
  const ConfigTable table(config);
  call.set_error({});
  const joinery_status status = known_.validate(table_, &call, table.get());
  return make_result(status, call.error(), "provider '" + name_ + "': validate");
}

PluginResult DiscoveryProvider::discover(CallContext &call, const KeyValues &config,
                                         std::vector<std::string> &out) const {
  if (isolated_) {
    return isolated_->discover(name_, call, config, out);
  }
  const ConfigTable table(config);
  Collected collected{{}, &out, &call};
  const joinery_address_sink sink{&collected, &push_address};
  call.set_error({});
  const joinery_status status = known_.discover(table_, &call, table.get(), &sink);
  return make_result(status, call.error(), "provider '" + name_ + "': discover");
}

}  // namespace joinery::plugins
