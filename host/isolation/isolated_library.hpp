// A plugin library run out of process. The host never loads it: a plugin runner does
// (with joinery's own loader, so the checks and refusals are the same), says what it
// carries, and serves the calls. Its providers and backends are ordinary
// DiscoveryProvider and JoinBackend objects whose channel (plugin_channel.hpp) leads
// to a runner:
//  - provider calls take an idle runner from a small pool (or start one), so that
//    entries of the same provider still resolve in parallel, each in its own process;
//  - a backend instance owns a runner of its own, for the instance lives in it.
// A runner that crashes, exits, hangs past its deadline or breaks the protocol fails
// that one call with an error naming the plugin and what happened (the signal, the
// exit status, the deadline), is killed and reaped; the next call starts a new one
// (a backend instance is created afresh in it, with the same configuration).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/call_context.hpp"
#include "base/plugin_result.hpp"
#include "isolation/isolated_policy.hpp"
#include "isolation/isolated_protocol.hpp"
#include "isolation/isolated_runner.hpp"
#include "keys/key_spec.hpp"
#include "loading/discovery_provider.hpp"
#include "loading/join_backend.hpp"
#include "loading/library_identity.hpp"
#include "loading/plugin_channel.hpp"
#include "loading/plugin_library.hpp"

namespace joinery::plugins {

class IsolatedInstance;

class IsolatedLibrary : public std::enable_shared_from_this<IsolatedLibrary> {
 public:
  // Starts a runner on `file` and learns what the library carries, or why it is
  // refused (the loader's reason, or what became of the runner: a crash in init, an
  // init that outlived policy.load_timeout), whose where is the file. The runner stays,
  // idle, for the first call.
  static Result<std::shared_ptr<IsolatedLibrary>> probe(const std::filesystem::path &file,
                                                        const IsolationPolicy &policy);

  ~IsolatedLibrary();  // stops every idle runner
  IsolatedLibrary(const IsolatedLibrary &) = delete;
  IsolatedLibrary &operator=(const IsolatedLibrary &) = delete;

  // The library's identity (file, plugin id and version, ABI), as its runner reported it.
  [[nodiscard]] const LibraryIdentity &library() const noexcept { return library_; }
  [[nodiscard]] std::vector<std::shared_ptr<const DiscoveryProvider>> providers();
  [[nodiscard]] std::vector<std::shared_ptr<const JoinBackend>> backends();

  // The calls of its providers' and backends' channels; the same contracts as theirs.
  PluginResult validate(const std::string &provider, const CallContext &call,
                        const KeyValues &config);
  Discovered discover(const std::string &provider, const CallContext &call,
                      const KeyValues &config);
  Created<IsolatedInstance> create(const std::string &backend, const CallContext &call,
                                   const KeyValues &config);

  // Runners running now, idle or busy (for tests and `joinery plugins`).
  [[nodiscard]] std::size_t runners() const;

 private:
  friend class IsolatedInstance;
  IsolatedLibrary() = default;

  // What a call into a runner answers: the plugin's result and the runner's whole
  // answer (not an object when the runner gave none).
  struct Answer {
    PluginResult result;
    nlohmann::json message;
  };

  // An idle runner, or a new one started within the call's deadline; when none could
  // be had, no runner and the reason.
  Created<IsolatedRunner> take_runner(const CallContext &call, const std::string &function);
  void give_back(std::unique_ptr<IsolatedRunner> runner);
  // validate or discover in a pooled runner.
  Answer provider_call(std::string_view function, const std::string &provider,
                       const CallContext &call, const KeyValues &config);
  // One call into `runner`: the runner's result, or a failure naming the plugin and
  // what became of the runner.
  Answer exchange(IsolatedRunner &runner, const nlohmann::json &request, const CallContext &call,
                  const std::string &function);
  [[nodiscard]] std::string label(std::string_view kind, const std::string &name) const;

  IsolatedRunner::Settings settings_;
  std::chrono::milliseconds load_timeout_{};
  LibraryIdentity library_;
  std::vector<PluginItemDescription> providers_, backends_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<IsolatedRunner>> idle_;
  std::size_t busy_ = 0;
};

// One backend instance, living in a runner of its own.
class IsolatedInstance final : public InstanceChannel {
 public:
  IsolatedInstance(std::shared_ptr<IsolatedLibrary> library, std::string backend, KeyValues config,
                   std::unique_ptr<IsolatedRunner> runner, std::int64_t instance);
  ~IsolatedInstance() override;  // destroys the instance (briefly bounded), then stops the runner
  IsolatedInstance(const IsolatedInstance &) = delete;
  IsolatedInstance &operator=(const IsolatedInstance &) = delete;

  // One join attempt; after a runner failure, first a new runner and a new instance.
  Joined join(CallContext &call, std::string_view cluster,
              const std::vector<std::string> &addresses) override;

 private:
  std::shared_ptr<IsolatedLibrary> library_;
  std::string backend_;
  KeyValues config_;  // to create the instance again in a new runner
  std::unique_ptr<IsolatedRunner> runner_;
  std::int64_t instance_ = 0;
};

}  // namespace joinery::plugins
