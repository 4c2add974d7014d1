#include "plugins/join_backend.hpp"

#include "plugins/abi_check.hpp"
#include "plugins/config_table.hpp"
#include "plugins/isolated_library.hpp"
#include "plugins/plugin_exit_guard.hpp"
#include "plugins/plugin_library.hpp"

namespace joinery::plugins {
namespace {

// "backend 'serf' (plugin file /usr/lib/...), in its join call", for the exit guard.
std::string in_call(std::string_view backend, const PluginLibrary &library, std::string_view call) {
  return "backend '" + std::string(backend) + "' (plugin file " + library.file().string() +
         "), in its " + std::string(call) + " call";
}

}  // namespace

BackendInstance::BackendInstance(std::shared_ptr<const PluginLibrary> library,
                                 const joinery_join_backend *table,
                                 joinery_backend_instance *instance)
    : library_(std::move(library)), known_(copy_table(table)), instance_(instance) {}

BackendInstance::BackendInstance(std::shared_ptr<const PluginLibrary> library,
                                 std::unique_ptr<IsolatedInstance> isolated)
    : library_(std::move(library)), isolated_(std::move(isolated)) {}

BackendInstance::~BackendInstance() {
  if (isolated_) {
    isolated_.reset();  // destroys the instance in its runner and stops the runner
    return;
  }
  const InProcessPluginCall running(
      in_call(known_.name != nullptr ? known_.name : "", *library_, "destroy"));
  known_.destroy(instance_);
}

PluginResult BackendInstance::join(CallContext &call, std::string_view cluster,
                                   const std::vector<std::string> &addresses, std::size_t &joined) {
  joined = 0;
  if (addresses.empty()) {
    // The ABI promises the plugin count > 0; an empty attempt is the caller's to handle.
    return {JOINERY_NOT_FOUND, "no addresses to join"};
  }
  if (isolated_) {
    return isolated_->join(call, cluster, addresses, joined);
  }
  std::vector<joinery_str> list;
  list.reserve(addresses.size());
  for (const std::string &address : addresses) {
    list.push_back({address.data(), address.size()});
  }
  call.set_error({});
  std::size_t reported = 0;
  const InProcessPluginCall running(
      in_call(known_.name != nullptr ? known_.name : "", *library_, "join"));
  const joinery_status status = known_.join(instance_, &call, {cluster.data(), cluster.size()},
                                            list.data(), list.size(), &reported);
  joined = reported < addresses.size() ? reported : addresses.size();
  return make_result(
      status, call.error(),
      "backend '" + std::string(known_.name != nullptr ? known_.name : "") + "': join");
}

JoinBackend::JoinBackend(std::shared_ptr<const PluginLibrary> library,
                         const joinery_join_backend *table)
    : PluginItem(std::move(library), nullptr, PluginItemDescription::from_table(table)),
      table_(table),
      known_(copy_table(table)) {}

JoinBackend::JoinBackend(std::shared_ptr<const PluginLibrary> library,
                         std::shared_ptr<IsolatedLibrary> isolated,
                         PluginItemDescription description)
    : PluginItem(std::move(library), std::move(isolated), std::move(description)) {}

std::unique_ptr<BackendInstance> JoinBackend::create(CallContext &call, const KeyValues &config,
                                                     PluginResult &result) const {
  if (isolated_) {
    std::unique_ptr<IsolatedInstance> instance = isolated_->create(name(), call, config, result);
    if (!instance) return nullptr;
    return std::make_unique<BackendInstance>(library_, std::move(instance));
  }
  const ConfigTable table(config);
  joinery_backend_instance *instance = nullptr;
  call.set_error({});
  const InProcessPluginCall running(in_call(name(), *library_, "create"));
  const joinery_status status = known_.create(table_, &call, table.get(), &instance);
  result = make_result(status, call.error(), "backend '" + name() + "': create");
  if (!result.ok()) {
    if (instance != nullptr) known_.destroy(instance);  // a plugin bug, but do not leak it
    return nullptr;
  }
  if (instance == nullptr) {
    result = {JOINERY_INTERNAL, "backend '" + name() + "': create succeeded but made no instance"};
    return nullptr;
  }
  return std::make_unique<BackendInstance>(library_, table_, instance);
}

}  // namespace joinery::plugins
