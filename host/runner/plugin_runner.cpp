#include "runner/plugin_runner.hpp"

#include <sys/socket.h>
#include <unistd.h>
#include <joinery/sdk/deadline.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include <joinery/posix/process_tree.hpp>
#include "base/call_context.hpp"
#include "isolation/isolated_protocol.hpp"
#include "logging/log.hpp"

namespace joinery::runner {
namespace {

using Clock = std::chrono::steady_clock;
namespace isolated = plugins::isolated;

// A log line longer than this is cut: one line must not fill a frame.
constexpr std::size_t max_log_message = 64 * 1024;
// The addresses one discover may return, in bytes: what fits a frame with room to spare.
constexpr std::size_t max_addresses_bytes = isolated::max_frame_size / 2;
// How long a gateway_route waits for joinery's reply.
constexpr auto route_wait = std::chrono::seconds(5);
// Once joinery closed the socket, how long a running call (the last destroy) may still
// take: joinery kills the runner sooner; this bounds a runner whose joinery is gone.
constexpr auto last_call_wait = std::chrono::seconds(1);

std::string cut(std::string_view text) {
  if (text.size() <= max_log_message) return std::string(text);
  return std::string(text.substr(0, max_log_message)) + " ... [" +
         std::to_string(text.size() - max_log_message) + " more bytes cut by the plugin runner]";
}

}  // namespace

PluginRunner::~PluginRunner() {
  if (worker_.joinable()) worker_.join();
}

void PluginRunner::send(const nlohmann::json &message) const {
  const std::string frame = isolated::encode_frame(message);
  const std::lock_guard lock(write_mutex_);
  // A failure means joinery is gone; reading the socket notices and ends the runner.
  isolated::write_all(socket_, frame);
}

nlohmann::json PluginRunner::hello(const std::shared_ptr<plugins::PluginLibrary> &library) {
  nlohmann::json providers = nlohmann::json::array();
  for (const auto &provider : library->providers()) {
    providers.push_back(isolated::to_json(provider->description()));
    providers_.emplace(provider->name(), provider);
  }
  nlohmann::json backends = nlohmann::json::array();
  for (const auto &backend : library->backends()) {
    backends.push_back(isolated::to_json(backend->description()));
    backends_.emplace(backend->name(), backend);
  }
  return {{"type", "hello"},
          {"protocol", isolated::protocol_version},
          {"ok", true},
          {"plugin_id", library->identity().plugin_id()},
          {"plugin_version", library->identity().plugin_version()},
          {"abi_major", library->identity().abi_major()},
          {"abi_minor", library->identity().abi_minor()},
          {"providers", std::move(providers)},
          {"backends", std::move(backends)}};
}

int PluginRunner::run(const std::filesystem::path &file) {
  // Every line, the plugin's and the loader's, goes to joinery, which filters, masks
  // secrets and writes it.
  logging::configure(logging::Level::trace, false);
  logging::forward_lines([this](logging::Level level, std::string_view subsystem,
                                std::string_view message,
                                const std::vector<logging::Field> &fields) {
    nlohmann::json pairs = nlohmann::json::array();
    for (const logging::Field &field : fields) pairs.push_back({field.key, cut(field.value)});
    send({{"type", "log"},
          {"level", static_cast<int>(level)},
          {"subsystem", subsystem},
          {"message", cut(message)},
          {"fields", std::move(pairs)}});
  });

  auto loaded = plugins::PluginLibrary::load(file);
  if (!loaded) {
    send({{"type", "hello"},
          {"protocol", isolated::protocol_version},
          {"ok", false},
          {"reason", loaded.error().reason()}});
    logging::forward_lines({});
    return 0;
  }
  library_ = std::move(*loaded);
  send(hello(library_));

  isolated::FrameReader frames;
  char buffer[65536];
  while (true) {
    const ssize_t got = ::recv(socket_, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // joinery closed the socket, or is gone
    frames.feed(buffer, static_cast<std::size_t>(got));
    Result<std::optional<nlohmann::json>> next;
    while ((next = frames.next()) && *next) {
      std::optional<nlohmann::json> &message = *next;
      const std::string type = message->value("type", "");
      if (type == "call") {
        start_call(std::move(*message));
      } else if (type == "cancel") {
        cancel_call();
      } else if (type == "route_reply") {
        take_route_reply(*message);
      }
    }
    if (!next) break;  // joinery would never: stop serving
  }

  {
    const std::lock_guard lock(route_mutex_);
    closed_ = true;
  }
  route_replied_.notify_all();
  {
    std::unique_lock lock(call_mutex_);
    if (!call_ended_.wait_for(lock, last_call_wait, [this] { return !call_running_; })) {
      // A call that is still running may never return: leave, as a kill would, but
      // with what the plugin started.
      posix::kill_descendants(::getpid());
      std::_Exit(0);
    }
  }
  if (worker_.joinable()) worker_.join();
  release_plugin();
  logging::forward_lines({});
  return 0;
}

void PluginRunner::release_plugin() {
  instances_.clear();  // destroy, before deinit
  providers_.clear();
  backends_.clear();
  library_.reset();  // deinit, unload
}

void PluginRunner::start_call(nlohmann::json request) {
  if (worker_.joinable()) worker_.join();  // the previous call sent its result already
  {
    const std::lock_guard lock(call_mutex_);
    call_running_ = true;
    call_stop_ = std::make_shared<plugins::StopSource>();
  }
  worker_ = std::thread([this, request = std::move(request)] {
    nlohmann::json result;
    try {
      result = serve_call(request);
    } catch (const std::exception &error) {
      result = {
          {"status", JOINERY_INTERNAL},
          {"message", std::string("the plugin runner could not serve the call: ") + error.what()}};
    }
    result["type"] = "result";
    {
      const std::lock_guard lock(call_mutex_);
      call_running_ = false;
      call_stop_.reset();
    }
    call_ended_.notify_all();
    send(result);
  });
}

void PluginRunner::cancel_call() {
  const std::lock_guard lock(call_mutex_);
  if (call_stop_) call_stop_->request_stop();
}

nlohmann::json PluginRunner::serve_call(const nlohmann::json &request) {
  const std::string function = request.at("function").get<std::string>();
  const std::string name = request.at("name").get<std::string>();
  std::shared_ptr<plugins::StopSource> stop;
  {
    const std::lock_guard lock(call_mutex_);
    stop = call_stop_;
  }
  plugins::CallContext::Options options;
  options.stop = stop.get();
  if (const auto remaining = request.at("remaining_ms").get<std::int64_t>(); remaining >= 0) {
    options.deadline = sdk::deadline_after(Clock::now(), std::chrono::milliseconds(remaining));
  }
  options.routes = this;
  options.log_subsystem = request.at("log_subsystem").get<std::string>();
  plugins::CallContext call(std::move(options));
  const auto config = [&] { return isolated::key_values_from_json(request.at("config")); };
  const auto unknown = [&](std::string_view kind) {
    return nlohmann::json{
        {"status", JOINERY_INTERNAL},
        {"message", std::string(kind) + " '" + name + "' is not in this plugin library (runner)"}};
  };

  plugins::PluginResult outcome;
  nlohmann::json result;
  if (function == "validate" || function == "discover") {
    const auto provider = providers_.find(name);
    if (provider == providers_.end()) return unknown("provider");
    if (function == "validate") {
      outcome = provider->second->validate(call, config());
    } else {
      plugins::Discovered discovered = provider->second->discover(call, config());
      outcome = std::move(discovered.result);
      const std::vector<std::string> &found = discovered.addresses;
      std::size_t bytes = 0;
      for (const std::string &address : found) bytes += address.size() + 4;
      if (bytes > max_addresses_bytes) {
        outcome = {JOINERY_INTERNAL, "provider '" + name + "' pushed " +
                                         std::to_string(found.size()) + " addresses (" +
                                         std::to_string(bytes) +
                                         " bytes), more than an isolated provider may return"};
      } else {
        result["addresses"] = found;
      }
    }
  } else if (function == "create") {
    const auto backend = backends_.find(name);
    if (backend == backends_.end()) return unknown("backend");
    plugins::Created<plugins::BackendInstance> created = backend->second->create(call, config());
    outcome = std::move(created.result);
    if (created.instance) {
      result["instance"] = ++next_instance_;
      instances_.emplace(next_instance_, std::move(created.instance));
    }
  } else if (function == "join" || function == "destroy") {
    const auto instance = instances_.find(request.at("instance").get<std::int64_t>());
    if (instance == instances_.end()) return unknown("backend instance of");
    if (function == "destroy") {
      instances_.erase(instance);
    } else {
      const plugins::Joined joined =
          instance->second->join(call, request.at("cluster").get<std::string>(),
                                 request.at("addresses").get<std::vector<std::string>>());
      outcome = joined.result;
      result["joined"] = joined.joined;
    }
  } else {
    return {{"status", JOINERY_INTERNAL},
            {"message", "the plugin runner does not know the call '" + function + "'"}};
  }
  result["status"] = outcome.status;
  result["message"] = outcome.message;
  return result;
}

std::vector<std::string> PluginRunner::route(std::string_view datacenter) const {
  std::unique_lock lock(route_mutex_);
  route_reply_.reset();
  send({{"type", "route"}, {"datacenter", std::string(datacenter)}});
  route_replied_.wait_for(lock, route_wait, [this] { return route_reply_ || closed_; });
  std::vector<std::string> gateways = route_reply_.value_or(std::vector<std::string>{});
  route_reply_.reset();
  return gateways;
}

void PluginRunner::take_route_reply(const nlohmann::json &reply) {
  std::vector<std::string> addresses;
  for (const nlohmann::json &address : reply.value("addresses", nlohmann::json::array())) {
    if (address.is_string()) addresses.push_back(address.get<std::string>());
  }
  {
    const std::lock_guard lock(route_mutex_);
    route_reply_ = std::move(addresses);
  }
  route_replied_.notify_all();
}

}  // namespace joinery::runner
