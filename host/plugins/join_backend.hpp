// A join backend as the host sees it, and the instances it creates (one per
// cluster). Both keep their library loaded for as long as they live. An isolated
// backend (run out of process) looks the same; its instances live in a plugin runner
// (isolated_library.hpp).
#pragma once

#include <joinery/plugin.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/call_context.hpp"
#include "plugins/key_spec.hpp"
#include "plugins/plugin_item.hpp"
#include "plugins/plugin_result.hpp"

namespace joinery::plugins {

class PluginLibrary;
class IsolatedLibrary;
class IsolatedInstance;

// One backend instance; destroyed through the plugin when this object dies.
class BackendInstance {
 public:
  BackendInstance(std::shared_ptr<const PluginLibrary> library, const joinery_join_backend *table,
                  joinery_backend_instance *instance);
  // An instance living in a plugin runner.
  BackendInstance(std::shared_ptr<const PluginLibrary> library,
                  std::unique_ptr<IsolatedInstance> isolated);
  ~BackendInstance();
  BackendInstance(const BackendInstance &) = delete;
  BackendInstance &operator=(const BackendInstance &) = delete;

  // One join attempt. `joined` receives how many addresses the plugin joined.
  PluginResult join(CallContext &call, std::string_view cluster,
                    const std::vector<std::string> &addresses, std::size_t &joined);

 private:
  std::shared_ptr<const PluginLibrary> library_;  // first: released after destroy ran
  std::unique_ptr<IsolatedInstance> isolated_;    // set: the instance lives in a runner
  joinery_join_backend known_{};
  joinery_backend_instance *instance_ = nullptr;
};

class JoinBackend : public PluginItem {
 public:
  JoinBackend(std::shared_ptr<const PluginLibrary> library, const joinery_join_backend *table);
  // A backend of a library loaded in a plugin runner, described by the runner.
  JoinBackend(std::shared_ptr<const PluginLibrary> library,
              std::shared_ptr<IsolatedLibrary> isolated, PluginItemDescription description);

  // Creates an instance for `config` (defaults already applied); null on failure,
  // with the reason in `result`.
  std::unique_ptr<BackendInstance> create(CallContext &call, const KeyValues &config,
                                          PluginResult &result) const;

 private:
  const joinery_join_backend *table_ = nullptr;  // passed back to the plugin as `self`
  joinery_join_backend known_{};                 // read from: the fields this host knows
};

}  // namespace joinery::plugins
