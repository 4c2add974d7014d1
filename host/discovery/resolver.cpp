#include "discovery/resolver.hpp"

#include <joinery/sdk/deadline.hpp>
#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <utility>

#include "discovery/entry.hpp"
#include "discovery/go_text.hpp"
#include "discovery/provider_string.hpp"
#include "logging/log.hpp"
#include "plugins/abandoned_calls.hpp"
#include "plugins/bounded_call.hpp"
#include "plugins/call_context.hpp"
#include "plugins/discovery_provider.hpp"
#include "plugins/key_spec.hpp"
#include "plugins/plugin_help.hpp"
#include "plugins/pollable_flag.hpp"
#include "plugins/secret_sources.hpp"

namespace joinery::discovery {
namespace {

using Clock = std::chrono::steady_clock;
using plugins::DiscoveryProvider;
using plugins::KeyValues;

// How long past its deadline a provider may take to report its own timeout before the
// resolver stops waiting for it. A provider that bounds its waits by remaining_ms
// returns right at the deadline, with a message better than ours.
constexpr auto deadline_grace = std::chrono::milliseconds(250);
// After a stop, how long running calls get to notice cancel_fd and return, so that
// their threads are joined rather than detached.
constexpr auto stop_grace = std::chrono::milliseconds(50);

Clock::time_point deadline_after(std::chrono::nanoseconds timeout) {
  return sdk::deadline_after(Clock::now(), timeout);
}

// The entry shown when its provider is unknown: which of its keys are secret cannot be
// known, so every value but the provider's name is masked.
std::string mask_all_values(const ProviderString &entry) {
  std::vector<std::string> every_key;
  every_key.reserve(entry.keys.size());
  for (const auto &[key, value] : entry.keys) {
    every_key.push_back(key);
  }
  return format_masked(entry, every_key);
}

}  // namespace

// ---------------------------------------------------------------- PrepareError --

PrepareError::PrepareError(std::vector<EntryProblem> problems, std::string report)
    : std::runtime_error(std::move(report)), problems_(std::move(problems)) {}

bool PrepareError::only_missing_providers() const noexcept {
  return !problems_.empty() && std::all_of(problems_.begin(), problems_.end(), [](const auto &p) {
    return p.kind == EntryProblem::Kind::unknown_provider;
  });
}

// ------------------------------------------------------------------- Resolver --

namespace {

// One entry as prepare() left it for the attempts.
struct PreparedEntry {
  std::string text;  // as configured (literals are passed on as this)
  std::shared_ptr<const DiscoveryProvider> provider;  // null for a literal
  KeyValues config;                                   // keys with defaults, empty values dropped
  std::string display;                                // masked canonical form
};

// Wakes resolve() when the last call ends; shared with the call threads, which may
// outlive the attempt (and the resolver) when abandoned. `running` starts at the number
// of calls, not at zero counting up as they start: a call that ends before the next one
// starts must not raise `all_ended`.
struct Completion {
  explicit Completion(std::size_t calls) : running(calls) {
    if (running == 0) {
      all_ended.raise();
    }
  }

  // `count` of the calls counted at construction will not be made.
  void calls_not_started(std::size_t count) {
    const std::lock_guard lock(mutex);
    running -= count;
    if (running == 0) {
      all_ended.raise();
    }
  }

  std::mutex mutex;
  std::size_t running;              // guarded by mutex
  plugins::PollableFlag all_ended;  // raised when running reaches 0
};

// One provider call, shared between resolve() and the thread making it. Everything the
// call touches lives here (or is kept alive from here), so an abandoned thread stays
// safe after resolve() returned and after the resolver is gone.
struct ProviderCall {
  ProviderCall(std::shared_ptr<const DiscoveryProvider> provider_, KeyValues config_,
               std::shared_ptr<const plugins::StopSource> stop_,
               std::shared_ptr<const plugins::GatewayRoutes> routes_, Clock::time_point deadline,
               std::shared_ptr<Completion> completion_)
      : provider(std::move(provider_)),
        config(std::move(config_)),
        stop(std::move(stop_)),
        routes(std::move(routes_)),
        completion(std::move(completion_)),
        context(plugins::CallContext::Options{stop.get(), deadline, routes.get(),
                                              "agent.plugin." + provider->name()}) {}

  void run() { finish(provider->discover(context, config, found)); }

  void finish(plugins::PluginResult outcome) {
    const std::lock_guard lock(completion->mutex);
    result = std::move(outcome);
    done = true;
    if (abandoned) {
      plugins::count_abandoned_call_ended();
    }
    if (--completion->running == 0) {
      completion->all_ended.raise();
    }
  }

  // Marks the call abandoned unless it ended meanwhile; true when it was.
  bool abandon() {
    const std::lock_guard lock(completion->mutex);
    if (done) {
      return false;
    }
    abandoned = true;
    plugins::count_abandoned_call(provider->name());
    return true;
  }

  const std::shared_ptr<const DiscoveryProvider> provider;
  const KeyValues config;
  const std::shared_ptr<const plugins::StopSource> stop;
  const std::shared_ptr<const plugins::GatewayRoutes> routes;
  const std::shared_ptr<Completion> completion;
  plugins::CallContext context;
  std::vector<std::string> found;  // written by the call's thread only until done
  plugins::PluginResult result;    // set under completion->mutex with done
  bool done = false;               // guarded by completion->mutex
  bool abandoned = false;          // guarded by completion->mutex
};

struct AbandonedCall {
  std::thread thread;
  std::shared_ptr<ProviderCall> call;
  std::size_t entry = 0;  // the entry it was made for

  [[nodiscard]] bool ended() const {
    const std::lock_guard lock(call->completion->mutex);
    return call->done;
  }
};

}  // namespace

struct Resolver::Impl {
  ResolverOptions options;
  std::vector<PreparedEntry> entries;
  mutable std::mutex abandoned_mutex;
  std::vector<AbandonedCall> abandoned;

  ~Impl() {
    const std::lock_guard lock(abandoned_mutex);
    for (AbandonedCall &call : abandoned) {
      if (call.ended()) {
        call.thread.join();
      } else {
        call.thread.detach();  // it holds everything it uses; see ProviderCall
      }
    }
  }

  // For each entry, whether its abandoned call of an earlier attempt still runs.
  [[nodiscard]] std::vector<bool> entries_still_running() const;

  // Joins abandoned threads that have ended since.
  void reap() {
    const std::lock_guard lock(abandoned_mutex);
    std::erase_if(abandoned, [](AbandonedCall &call) {
      if (!call.ended()) {
        return false;
      }
      call.thread.join();
      return true;
    });
  }

  [[nodiscard]] bool stop_requested() const {
    return options.stop && options.stop->stop_requested();
  }

  // Waits until every call ended, `until` passed, or the stop came (then briefly more).
  // Returns true when the stop came.
  bool wait(const Completion &completion, Clock::time_point until) const {
    const plugins::PollableFlag *const ended_or_stopped[] = {
        &completion.all_ended, options.stop ? &options.stop->flag() : nullptr};
    const std::optional<std::size_t> woken =
        plugins::PollableFlag::wait_any(ended_or_stopped, until);
    if (!woken) {
      return false;
    }
    if (*woken == 1) {
      const plugins::PollableFlag *const ended[] = {&completion.all_ended};
      plugins::PollableFlag::wait_any(ended, std::min(until, Clock::now() + stop_grace));
      return true;
    }
    return stop_requested();
  }

  // A Consul line: the logger's fields first, then the call's.
  void log(logging::Level level, std::string_view message,
           std::initializer_list<logging::Field> call_fields) const {
    std::vector<logging::Field> fields = options.log_fields;
    fields.insert(fields.end(), call_fields.begin(), call_fields.end());
    logging::write(level, options.log_subsystem, message, fields);
  }

  // go-discover's Addrs logs this through the agent's logger before each provider call
  // ("[DEBUG] discover: Using provider %q", read by hclog's standard-logger adapter).
  void log_using(const DiscoveryProvider &provider) const {
    log(logging::Level::debug, "discover: Using provider " + go_text::quote(provider.name()), {});
  }

  void log_success(const std::vector<std::string> &found) const {
    std::string joined;  // Consul: strings.Join(servers, " ")
    for (const std::string &address : found) {
      if (!joined.empty()) {
        joined += ' ';
      }
      joined += address;
    }
    if (options.wording == Wording::mesh_gateways) {
      log(logging::Level::info, "Discovered mesh gateways",
          {{"cluster", options.cluster}, {"mesh_gateways", joined}});
    } else {
      log(logging::Level::info, "Discovered servers",
          {{"cluster", options.cluster}, {"servers", joined}});
    }
  }

  void log_dropped(const PreparedEntry &entry, std::string_view address,
                   const std::string &reason) const {
    logging::warn(options.log_subsystem, "Dropped an address the provider returned",
                  {{"provider", entry.provider->name()},
                   {"address", address},  // the log escapes what is unprintable
                   {"reason", reason}});
  }

  void log_failure(const EntryFailure &failure) const {
    log(logging::Level::error, "Cannot discover address",
        {{"address", failure.entry}, {"error", failure.error}});
  }
};

Resolver::Resolver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Resolver::Resolver(Resolver &&) noexcept = default;
Resolver &Resolver::operator=(Resolver &&) noexcept = default;
Resolver::~Resolver() = default;

std::size_t Resolver::size() const noexcept {
  return impl_ ? impl_->entries.size() : 0;
}

std::vector<std::string> Resolver::provider_names() const {
  std::vector<std::string> names;
  for (const PreparedEntry &entry : impl_->entries) {
    if (entry.provider &&
        std::find(names.begin(), names.end(), entry.provider->name()) == names.end()) {
      names.push_back(entry.provider->name());
    }
  }
  return names;
}

std::vector<bool> Resolver::Impl::entries_still_running() const {
  std::vector<bool> running(entries.size(), false);
  const std::lock_guard lock(abandoned_mutex);
  for (const AbandonedCall &call : abandoned) {
    if (!call.ended()) {
      running[call.entry] = true;
    }
  }
  return running;
}

std::size_t Resolver::abandoned_calls() const {
  const std::lock_guard lock(impl_->abandoned_mutex);
  return static_cast<std::size_t>(std::count_if(impl_->abandoned.begin(), impl_->abandoned.end(),
                                                [](const AbandonedCall &c) { return !c.ended(); }));
}

Resolution Resolver::resolve() {
  Impl &impl = *impl_;
  impl.reap();
  Resolution resolution;
  if (impl.stop_requested()) {
    resolution.stopped = true;
    return resolution;
  }

  const auto deadline = deadline_after(impl.options.timeout);
  const auto provider_calls = static_cast<std::size_t>(std::count_if(
      impl.entries.begin(), impl.entries.end(), [](const PreparedEntry &e) { return e.provider; }));
  std::shared_ptr<Completion> completion;
  std::string cannot_start;  // why no call was started, when none could be
  try {
    completion = std::make_shared<Completion>(provider_calls);
  } catch (const std::system_error &error) {
    cannot_start = std::string("could not start the provider calls: ") + error.what();
  }
  // An entry whose call of an earlier attempt still runs makes no new one (each would
  // hold another thread for as long as the plugin hangs), nor does any entry while the
  // process holds max_abandoned_calls of them.
  const std::vector<bool> still_running = impl.entries_still_running();
  std::vector<std::string> not_started(impl.entries.size());
  std::vector<std::shared_ptr<ProviderCall>> calls(impl.entries.size());
  std::vector<std::thread> threads(impl.entries.size());
  for (std::size_t i = 0; completion && i < impl.entries.size(); ++i) {
    const PreparedEntry &entry = impl.entries[i];
    if (!entry.provider) {
      continue;
    }
    if (still_running[i]) {
      not_started[i] =
          "not started: its call of an earlier attempt ignored the discovery "
          "timeout and is still running";
    } else if (!entry.provider->isolated()) {  // an isolated call is killed, not abandoned
      not_started[i] = plugins::abandoned_call_refusal();
    }
    if (!not_started[i].empty()) {
      not_started[i] = "provider '" + entry.provider->name() + "': discover " + not_started[i];
      completion->calls_not_started(1);
      continue;
    }
    impl.log_using(*entry.provider);
    calls[i] = std::make_shared<ProviderCall>(entry.provider, entry.config, impl.options.stop,
                                              impl.options.routes, deadline, completion);
    try {
      threads[i] = std::thread([call = calls[i]] { call->run(); });
    } catch (const std::system_error &error) {
      calls[i]->finish(
          {JOINERY_INTERNAL, std::string("could not start a thread: ") + error.what()});
    }
  }

  resolution.stopped = completion && impl.wait(*completion, deadline + deadline_grace);

  // Every address in entry order; duplicates are dropped once all are in.
  std::vector<std::string> found_in_order;
  const auto add = [&](std::string address) {
    if (!address.empty()) {
      found_in_order.push_back(std::move(address));
    }
  };
  for (std::size_t i = 0; i < impl.entries.size(); ++i) {
    const PreparedEntry &entry = impl.entries[i];
    if (!entry.provider) {
      add(entry.text);
      continue;
    }
    if (!not_started[i].empty()) {
      EntryFailure failure{i, entry.display, not_started[i], still_running[i]};
      impl.log_failure(failure);
      resolution.failures.push_back(std::move(failure));
      continue;
    }
    if (!calls[i]) {
      EntryFailure failure{i, entry.display, cannot_start, false};
      impl.log_failure(failure);
      resolution.failures.push_back(std::move(failure));
      continue;
    }
    ProviderCall &call = *calls[i];
    bool done = false;
    {
      const std::lock_guard lock(completion->mutex);
      done = call.done;
    }
    if (!done && call.abandon()) {
      {
        const std::lock_guard lock(impl.abandoned_mutex);
        impl.abandoned.push_back({std::move(threads[i]), calls[i], i});
      }
      if (resolution.stopped) {
        continue;  // cut short by the stop: not a failure of the entry
      }
      EntryFailure failure{i, entry.display,
                           "provider '" + entry.provider->name() +
                               "': discover gave no answer within the discovery timeout (" +
                               sdk::format_duration(impl.options.timeout) +
                               "); the call was abandoned",
                           true};
      impl.log_failure(failure);
      resolution.failures.push_back(std::move(failure));
      continue;
    }
    if (threads[i].joinable()) {
      threads[i].join();
    }
    if (!call.result.ok()) {
      if (resolution.stopped && call.result.status == JOINERY_CANCELLED) {
        continue;
      }
      EntryFailure failure{i, entry.display, logging::redact(call.result.message), false};
      impl.log_failure(failure);
      resolution.failures.push_back(std::move(failure));
      continue;
    }
    std::vector<std::string> found;
    found.reserve(call.found.size());
    for (const std::string &address : call.found) {
      std::string normalized = normalize_address(address);
      if (normalized.empty()) {
        continue;
      }
      // A provider's answer is input from the network: checked like a configured
      // literal, so that it cannot become a backend's option ("-rpc-addr=...").
      if (auto wrong = check_address(normalized, AddressSource::discovered)) {
        impl.log_dropped(entry, address, *wrong);
        continue;
      }
      found.push_back(std::move(normalized));
    }
    impl.log_success(found);
    for (std::string &address : found) {
      add(std::move(address));
    }
  }

  // The first of each address stays. The set holds views of found_in_order, which
  // does not change until every address was seen (a provider may return 100,000).
  std::vector<bool> first(found_in_order.size(), false);
  {
    std::unordered_set<std::string_view> seen;
    seen.reserve(found_in_order.size());
    for (std::size_t i = 0; i < found_in_order.size(); ++i) {
      first[i] = seen.insert(found_in_order[i]).second;
    }
  }
  resolution.addresses.reserve(found_in_order.size());
  for (std::size_t i = 0; i < found_in_order.size(); ++i) {
    if (first[i]) {
      resolution.addresses.push_back(std::move(found_in_order[i]));
    }
  }
  return resolution;
}

// ------------------------------------------------------------------- prepare --

namespace {

std::string where(const EntryProblem &problem) {
  return problem.origin.empty() ? "entry " + std::to_string(problem.index + 1) : problem.origin;
}

std::string build_report(const std::vector<EntryProblem> &problems,
                         const std::vector<std::shared_ptr<const DiscoveryProvider>> &involved,
                         plugins::Registry &registry) {
  std::string report;
  for (const EntryProblem &problem : problems) {
    report += where(problem) + ": ";
    if (!problem.entry.empty()) {
      report += problem.entry + ": ";
    }
    report += problem.message + "\n";
  }
  for (const auto &provider : involved) {
    report += "\n" + plugins::format_help(*provider);
  }
  const bool unknown = std::any_of(problems.begin(), problems.end(), [](const EntryProblem &p) {
    return p.kind == EntryProblem::Kind::unknown_provider;
  });
  if (unknown) {
    report += "\nInstalled providers: " + plugins::installed_provider_names(registry) + "\n";
    if (!registry.refusals().empty()) {
      report += std::to_string(registry.refusals().size()) +
                " plugin file(s) or directories were refused; 'joinery plugins list' says why.\n";
    }
  }
  if (!report.empty() && report.back() == '\n') {
    report.pop_back();
  }
  return report;
}

}  // namespace

Resolver Resolver::prepare(const std::vector<std::string> &entries, plugins::Registry &registry,
                           ResolverOptions options) {
  std::vector<ConfiguredEntry> configured;
  configured.reserve(entries.size());
  for (const std::string &text : entries) {
    configured.push_back({text, {}});
  }
  return prepare(configured, registry, std::move(options));
}

Resolver Resolver::prepare(const std::vector<ConfiguredEntry> &entries, plugins::Registry &registry,
                           ResolverOptions options) {
  using Kind = EntryProblem::Kind;
  auto impl = std::make_unique<Impl>();
  std::vector<EntryProblem> problems;
  std::vector<std::shared_ptr<const DiscoveryProvider>> involved;  // whose help to show
  const auto problem = [&](Kind kind, std::size_t index, std::string entry, std::string message,
                           std::string provider = {}) {
    problems.push_back({kind, index, entries[index].origin, std::move(entry), std::move(message),
                        std::move(provider)});
  };

  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string &text = entries[i].text;
    if (!is_provider_string(text)) {
      if (auto wrong = check_literal_address(text)) {
        problem(Kind::literal, i, text, *wrong);
      } else {
        impl->entries.push_back({text, nullptr, {}, text});
      }
      continue;
    }

    KeyValues pairs;
    std::string error;
    if (!parse_pairs(text, pairs, error)) {
      problem(Kind::syntax, i, {}, "discover: " + error);
      continue;
    }
    ProviderString parsed = split_provider(std::move(pairs));
    if (parsed.provider.empty()) {
      problem(Kind::no_provider, i, mask_all_values(parsed), "discover: no provider");
      continue;
    }
    auto provider = registry.find_provider(parsed.provider);
    if (!provider) {
      problem(Kind::unknown_provider, i, mask_all_values(parsed),
              unknown_provider_message(parsed.provider));
      continue;
    }

    PreparedEntry prepared;
    prepared.text = text;
    prepared.provider = provider;
    // The entry is shown as written (a KEY_file's path, never what it holds), with the
    // values of its secret and undeclared keys masked.
    const std::vector<plugins::KeySpec> &declared = provider->keys();
    prepared.display = format_masked(parsed, plugins::register_secrets(declared, parsed.keys));
    const plugins::ResolvedKeys resolved = plugins::resolve_secret_sources(declared, parsed.keys);
    (void)plugins::register_secrets(declared, resolved.values);
    if (!resolved.problems.empty()) {
      for (const std::string &message : resolved.problems) {
        problem(Kind::keys, i, prepared.display, message, provider->name());
      }
      if (std::find(involved.begin(), involved.end(), provider) == involved.end()) {
        involved.push_back(provider);
      }
      continue;
    }
    KeyValues values;  // go-discover reads an empty value as an absent key
    for (const auto &[key, value] : resolved.values) {
      if (!value.empty()) {
        values.emplace_back(key, value);
      }
    }

    const std::vector<std::string> key_problems = plugins::check_keys(provider->keys(), values);
    if (!key_problems.empty()) {
      for (const std::string &message : key_problems) {
        problem(Kind::keys, i, prepared.display, logging::redact(message), provider->name());
      }
      if (std::find(involved.begin(), involved.end(), provider) == involved.end()) {
        involved.push_back(provider);
      }
      continue;
    }
    prepared.config = plugins::with_defaults(provider->keys(), values);

    // Bounded like a discover call: a validate that hangs does not hang the run.
    const plugins::PluginResult result =
        plugins::run_bounded({.stop = options.stop,
                              .routes = options.routes,
                              .deadline = deadline_after(options.timeout),
                              .log_subsystem = "agent.plugin." + provider->name(),
                              .in_process = !provider->isolated()},
                             [provider, config = prepared.config](plugins::CallContext &call) {
                               return provider->validate(call, config);
                             })
            .value_or(plugins::PluginResult{JOINERY_UNAVAILABLE,
                                            "provider '" + provider->name() +
                                                "': validate gave no answer within the discovery "
                                                "timeout (" +
                                                sdk::format_duration(options.timeout) +
                                                ") and was abandoned"});
    if (!result.ok()) {
      // The plugin's own text, printed as an error line: escaped as log lines are.
      problem(Kind::rejected, i, prepared.display,
              sdk::escape_unprintable(logging::redact(result.message)), provider->name());
      if (std::find(involved.begin(), involved.end(), provider) == involved.end()) {
        involved.push_back(provider);
      }
      continue;
    }
    impl->entries.push_back(std::move(prepared));
  }

  if (!problems.empty()) {
    std::string report = build_report(problems, involved, registry);
    throw PrepareError(std::move(problems), std::move(report));
  }
  impl->options = std::move(options);
  return Resolver(std::move(impl));
}

}  // namespace joinery::discovery
