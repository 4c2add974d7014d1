#include "isolation/isolated_library.hpp"

#include <algorithm>
#include <joinery/sdk/deadline.hpp>
#include <utility>

#include "logging/log.hpp"

namespace joinery::plugins {
namespace {

using Clock = IsolatedRunner::Clock;

// Idle runners kept per library; more are stopped when their call ends.
constexpr std::size_t max_idle_runners = 8;

// A call request with what every call carries: the time left and where logs go.
nlohmann::json request(std::string_view function, const std::string &name,
                       const CallContext &call) {
  return {{"type", "call"},
          {"function", function},
          {"name", name},
          {"remaining_ms", call.remaining_ms()},
          {"log_subsystem", call.options().log_subsystem}};
}

PluginResult result_of(const nlohmann::json &result, const std::string &function) {
  return make_result(result.value("status", JOINERY_INTERNAL), result.value("message", ""),
                     function);
}

// A provider's channel: its calls go to a pooled runner of its library.
class IsolatedProvider final : public ProviderChannel {
 public:
  IsolatedProvider(std::shared_ptr<IsolatedLibrary> library, std::string name)
      : library_(std::move(library)), name_(std::move(name)) {}
  [[nodiscard]] const LibraryIdentity &library() const noexcept override {
    return library_->library();
  }
  [[nodiscard]] bool isolated() const noexcept override { return true; }
  PluginResult validate(CallContext &call, const KeyValues &config) const override {
    return library_->validate(name_, call, config);  // the runner skips a missing validate
  }
  Discovered discover(CallContext &call, const KeyValues &config) const override {
    return library_->discover(name_, call, config);
  }

 private:
  std::shared_ptr<IsolatedLibrary> library_;
  std::string name_;
};

// A backend's channel: each instance it creates owns a runner of its own.
class IsolatedBackend final : public BackendChannel {
 public:
  IsolatedBackend(std::shared_ptr<IsolatedLibrary> library, std::string name)
      : library_(std::move(library)), name_(std::move(name)) {}
  [[nodiscard]] const LibraryIdentity &library() const noexcept override {
    return library_->library();
  }
  [[nodiscard]] bool isolated() const noexcept override { return true; }
  Created<InstanceChannel> create(CallContext &call, const KeyValues &config) const override {
    Created<IsolatedInstance> created = library_->create(name_, call, config);
    return {std::move(created.result), std::move(created.instance)};
  }

 private:
  std::shared_ptr<IsolatedLibrary> library_;
  std::string name_;
};

}  // namespace

Result<std::shared_ptr<IsolatedLibrary>> IsolatedLibrary::probe(const std::filesystem::path &path,
                                                                const IsolationPolicy &policy) {
  const std::filesystem::path file = std::filesystem::absolute(path).lexically_normal();
  std::shared_ptr<IsolatedLibrary> library(new IsolatedLibrary());
  library->settings_ = {policy.runner_path(), file, PluginLibrary::log_subsystem_for(file),
                        policy.memory_limit};
  library->load_timeout_ = policy.load_timeout;

  auto [runner, hello] = IsolatedRunner::start(
      library->settings_, sdk::deadline_after(Clock::now(), policy.load_timeout),
      policy.stop.get());
  if (!runner) {
    return failure({"cannot be loaded in a plugin runner: " + hello.failure, file.string()});
  }
  const nlohmann::json &said = *hello.message;
  try {
    if (!said.at("ok").get<bool>()) {
      // The runner's loader's reason, remedy included: one text over the socket.
      return failure({said.at("reason").get<std::string>(), file.string()});
    }
    library->library_ = LibraryIdentity(
        file, said.at("plugin_id").get<std::string>(), said.at("plugin_version").get<std::string>(),
        said.at("abi_major").get<std::uint32_t>(), said.at("abi_minor").get<std::uint32_t>());
    for (const nlohmann::json &item : said.at("providers")) {
      library->providers_.push_back(isolated::item_from_json(item));
    }
    for (const nlohmann::json &item : said.at("backends")) {
      library->backends_.push_back(isolated::item_from_json(item));
    }
  } catch (const nlohmann::json::exception &error) {
    return failure(
        {std::string("its plugin runner described it in a malformed hello (") + error.what() + ")",
         file.string(), "is joinery-plugin-runner from this joinery?"});
  }
  library->give_back(std::move(runner));
  return library;
}

IsolatedLibrary::~IsolatedLibrary() {
  // Every runner at once: close them all, then wait for them together.
  for (auto &runner : idle_) runner->begin_shutdown();
  const auto deadline = Clock::now() + IsolatedRunner::exit_grace;
  for (auto &runner : idle_) runner->finish_shutdown(deadline);
}

std::vector<std::shared_ptr<const DiscoveryProvider>> IsolatedLibrary::providers() {
  std::vector<std::shared_ptr<const DiscoveryProvider>> out;
  for (const PluginItemDescription &item : providers_) {
    out.push_back(std::make_shared<const DiscoveryProvider>(
        std::make_shared<const IsolatedProvider>(shared_from_this(), item.name), item));
  }
  return out;
}

std::vector<std::shared_ptr<const JoinBackend>> IsolatedLibrary::backends() {
  std::vector<std::shared_ptr<const JoinBackend>> out;
  for (const PluginItemDescription &item : backends_) {
    out.push_back(std::make_shared<const JoinBackend>(
        std::make_shared<const IsolatedBackend>(shared_from_this(), item.name), item));
  }
  return out;
}

std::size_t IsolatedLibrary::runners() const {
  const std::lock_guard lock(mutex_);
  return idle_.size() + busy_;
}

std::string IsolatedLibrary::label(std::string_view kind, const std::string &name) const {
  return std::string(kind) + " '" + name + "'";
}

Created<IsolatedRunner> IsolatedLibrary::take_runner(const CallContext &call,
                                                     const std::string &function) {
  {
    const std::lock_guard lock(mutex_);
    while (!idle_.empty()) {
      std::unique_ptr<IsolatedRunner> runner = std::move(idle_.back());
      idle_.pop_back();
      if (runner->alive()) {
        ++busy_;
        return {{}, std::move(runner)};
      }
    }
    ++busy_;
  }
  auto deadline = sdk::deadline_after(Clock::now(), load_timeout_);
  if (call.options().deadline) deadline = std::min(deadline, *call.options().deadline);
  auto [runner, hello] = IsolatedRunner::start(settings_, deadline, call.options().stop);
  std::string problem;
  if (!runner) {
    problem = "could not start a runner for it: " + hello.failure;
  } else if (!hello.message->value("ok", false)) {
    problem = "its plugin file is refused now (was it replaced?): " +
              hello.message->value("reason", std::string("no reason given"));
    runner.reset();
  }
  if (!runner) {
    {
      const std::lock_guard lock(mutex_);
      --busy_;
    }
    return {{hello.status != JOINERY_OK ? hello.status : JOINERY_INTERNAL,
             function + " failed: " + problem + " (" + settings_.plugin_file.string() + ")"},
            nullptr};
  }
  return {{}, std::move(runner)};
}

void IsolatedLibrary::give_back(std::unique_ptr<IsolatedRunner> runner) {
  std::unique_ptr<IsolatedRunner> surplus;
  {
    const std::lock_guard lock(mutex_);
    if (busy_ > 0) --busy_;
    if (runner && runner->alive() && idle_.size() < max_idle_runners) {
      idle_.push_back(std::move(runner));
    } else {
      surplus = std::move(runner);  // stopped outside the lock
    }
  }
}

IsolatedLibrary::Answer IsolatedLibrary::exchange(IsolatedRunner &runner,
                                                  const nlohmann::json &request,
                                                  const CallContext &call,
                                                  const std::string &function) {
  IsolatedRunner::Reply reply = runner.call(request, call);
  if (!reply.message) {
    return {{reply.status, function + " failed: " + reply.failure +
                               "; the next call starts a new runner (plugin file " +
                               settings_.plugin_file.string() + ")"},
            {}};
  }
  Answer answer{{}, std::move(*reply.message)};
  try {
    answer.result = result_of(answer.message, function);
  } catch (const nlohmann::json::exception &error) {
    answer.result = {
        JOINERY_INTERNAL,
        function + " failed: its runner answered with a malformed result (" + error.what() + ")"};
  }
  return answer;
}

IsolatedLibrary::Answer IsolatedLibrary::provider_call(std::string_view function,
                                                       const std::string &provider,
                                                       const CallContext &call,
                                                       const KeyValues &config) {
  const std::string what = label("provider", provider) + ": " + std::string(function);
  Created<IsolatedRunner> taken = take_runner(call, what);
  if (!taken.instance) return {std::move(taken.result), {}};
  nlohmann::json message = request(function, provider, call);
  message["config"] = isolated::to_json(config);
  Answer answer = exchange(*taken.instance, message, call, what);
  give_back(std::move(taken.instance));
  return answer;
}

PluginResult IsolatedLibrary::validate(const std::string &provider, const CallContext &call,
                                       const KeyValues &config) {
  return provider_call("validate", provider, call, config).result;
}

Discovered IsolatedLibrary::discover(const std::string &provider, const CallContext &call,
                                     const KeyValues &config) {
  Answer answer = provider_call("discover", provider, call, config);
  const std::string function = label("provider", provider) + ": discover";
  Discovered discovered{std::move(answer.result), {}};
  if (!answer.message.is_object()) return discovered;  // no answer: the runner failed
  try {
    for (const nlohmann::json &address :
         answer.message.value("addresses", nlohmann::json::array())) {
      discovered.addresses.push_back(address.get<std::string>());
    }
  } catch (const nlohmann::json::exception &error) {
    discovered.result = {
        JOINERY_INTERNAL,
        function + " failed: its runner sent malformed addresses (" + error.what() + ")"};
  }
  return discovered;
}

Created<IsolatedInstance> IsolatedLibrary::create(const std::string &backend,
                                                  const CallContext &call,
                                                  const KeyValues &config) {
  const std::string function = label("backend", backend) + ": create";
  Created<IsolatedRunner> taken = take_runner(call, function);
  if (!taken.instance) return {std::move(taken.result), nullptr};
  {
    // The instance owns this runner from now on: it no longer counts as the pool's.
    const std::lock_guard lock(mutex_);
    --busy_;
  }
  nlohmann::json message = request("create", backend, call);
  message["config"] = isolated::to_json(config);
  Answer answer = exchange(*taken.instance, message, call, function);
  if (!answer.result.ok()) return {std::move(answer.result), nullptr};
  const std::int64_t instance = answer.message.value("instance", std::int64_t{0});
  if (instance == 0) {
    return {{JOINERY_INTERNAL, function + " succeeded but made no instance"}, nullptr};
  }
  return {std::move(answer.result),
          std::make_unique<IsolatedInstance>(shared_from_this(), backend, config,
                                             std::move(taken.instance), instance)};
}

IsolatedInstance::IsolatedInstance(std::shared_ptr<IsolatedLibrary> library, std::string backend,
                                   KeyValues config, std::unique_ptr<IsolatedRunner> runner,
                                   std::int64_t instance)
    : library_(std::move(library)),
      backend_(std::move(backend)),
      config_(std::move(config)),
      runner_(std::move(runner)),
      instance_(instance) {}

IsolatedInstance::~IsolatedInstance() {
  if (runner_ && runner_->alive()) {
    // The runner destroys the instance, then sees its socket closed and ends; it gets
    // exit_grace for both before it is killed.
    CallContext::Options options;
    options.log_subsystem = "agent.plugin." + backend_;
    const CallContext call(std::move(options));
    nlohmann::json message = request("destroy", backend_, call);
    message["instance"] = instance_;
    runner_->post(message);
  }
}

Joined IsolatedInstance::join(CallContext &call, std::string_view cluster,
                              const std::vector<std::string> &addresses) {
  const std::string function = library_->label("backend", backend_) + ": join";
  if (!runner_ || !runner_->alive()) {
    logging::info(call.options().log_subsystem,
                  "starting a new plugin runner and backend instance (the last runner failed)",
                  {{"backend", backend_}});
    runner_.reset();
    Created<IsolatedInstance> fresh = library_->create(backend_, call, config_);
    if (!fresh.instance) {
      return {{fresh.result.status, function +
                                        " failed: the backend instance could not be created "
                                        "again in a new runner: " +
                                        fresh.result.message},
              0};
    }
    runner_ = std::move(fresh.instance->runner_);
    instance_ = fresh.instance->instance_;
  }
  nlohmann::json message = request("join", backend_, call);
  message["instance"] = instance_;
  message["cluster"] = std::string(cluster);
  message["addresses"] = addresses;
  IsolatedLibrary::Answer answer = library_->exchange(*runner_, message, call, function);
  Joined joined{std::move(answer.result), 0};
  if (joined.result.ok()) {
    const std::size_t reported = answer.message.value("joined", std::size_t{0});
    joined.joined = std::min(reported, addresses.size());
  }
  return joined;
}

}  // namespace joinery::plugins
