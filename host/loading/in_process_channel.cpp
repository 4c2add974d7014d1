#include "loading/in_process_channel.hpp"

#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loading/abi_check.hpp"
#include "loading/config_table.hpp"
#include "loading/plugin_exit_guard.hpp"

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
std::string in_call(std::string_view kind, std::string_view name, const PluginLibrary &library,
                    std::string_view call) {
  return std::string(kind) + " '" + std::string(name) + "' (plugin file " +
         library.identity().file().string() + "), in its " + std::string(call) + " call";
}

std::string name_of(const char *name) {
  return name != nullptr ? name : "";
}

// One backend instance in this process; destroyed through the plugin.
class InProcessInstance final : public InstanceChannel {
 public:
  InProcessInstance(std::shared_ptr<const PluginLibrary> library, const joinery_join_backend &known,
                    joinery_backend_instance *instance)
      : library_(std::move(library)), known_(known), instance_(instance) {}
  ~InProcessInstance() override {
    const InProcessPluginCall running(
        in_call("backend", name_of(known_.name), *library_, "destroy"));
    known_.destroy(instance_);
  }
  InProcessInstance(const InProcessInstance &) = delete;
  InProcessInstance &operator=(const InProcessInstance &) = delete;

  Joined join(CallContext &call, std::string_view cluster,
              const std::vector<std::string> &addresses) override {
    std::vector<joinery_str> list;
    list.reserve(addresses.size());
    for (const std::string &address : addresses) {
      list.push_back({address.data(), address.size()});
    }
    call.set_error({});
    std::size_t reported = 0;
    const InProcessPluginCall running(in_call("backend", name_of(known_.name), *library_, "join"));
    const joinery_status status = known_.join(instance_, &call, {cluster.data(), cluster.size()},
                                              list.data(), list.size(), &reported);
    return {make_result(status, call.error(), "backend '" + name_of(known_.name) + "': join"),
            reported < addresses.size() ? reported : addresses.size()};
  }

 private:
  std::shared_ptr<const PluginLibrary> library_;  // first: released after destroy ran
  joinery_join_backend known_;
  joinery_backend_instance *instance_;
};

}  // namespace

InProcessProvider::InProcessProvider(std::shared_ptr<const PluginLibrary> library,
                                     const joinery_discovery_provider *table)
    : library_(std::move(library)), table_(table), known_(copy_table(table)) {}

PluginResult InProcessProvider::validate(CallContext &call, const KeyValues &config) const {
  if (known_.validate == nullptr) {
    return {};
  }
  const std::string name = name_of(known_.name);
  const ConfigTable table(config);
  call.set_error({});
  const InProcessPluginCall running(in_call("provider", name, *library_, "validate"));
  const joinery_status status = known_.validate(table_, &call, table.get());
  return make_result(status, call.error(), "provider '" + name + "': validate");
}

Discovered InProcessProvider::discover(CallContext &call, const KeyValues &config) const {
  const std::string name = name_of(known_.name);
  const ConfigTable table(config);
  Discovered discovered;
  Collected collected{{}, &discovered.addresses, &call};
  const joinery_address_sink sink{&collected, &push_address};
  call.set_error({});
  const InProcessPluginCall running(in_call("provider", name, *library_, "discover"));
  const joinery_status status = known_.discover(table_, &call, table.get(), &sink);
  discovered.result = make_result(status, call.error(), "provider '" + name + "': discover");
  return discovered;
}

InProcessBackend::InProcessBackend(std::shared_ptr<const PluginLibrary> library,
                                   const joinery_join_backend *table)
    : library_(std::move(library)), table_(table), known_(copy_table(table)) {}

Created<InstanceChannel> InProcessBackend::create(CallContext &call,
                                                  const KeyValues &config) const {
  const std::string name = name_of(known_.name);
  const ConfigTable table(config);
  joinery_backend_instance *instance = nullptr;
  call.set_error({});
  const InProcessPluginCall running(in_call("backend", name, *library_, "create"));
  const joinery_status status = known_.create(table_, &call, table.get(), &instance);
  PluginResult result = make_result(status, call.error(), "backend '" + name + "': create");
  if (!result.ok()) {
    if (instance != nullptr) known_.destroy(instance);  // a plugin bug, but do not leak it
    return {std::move(result), nullptr};
  }
  if (instance == nullptr) {
    return {{JOINERY_INTERNAL, "backend '" + name + "': create succeeded but made no instance"},
            nullptr};
  }
  return {std::move(result), std::make_unique<InProcessInstance>(library_, known_, instance)};
}

}  // namespace joinery::plugins
