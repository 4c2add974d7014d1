#include "discovery/resolver.hpp"

#include <joinery/sdk/deadline.hpp>
#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "base/bounded_call.hpp"
#include "base/call_context.hpp"
#include "catalog/plugin_help.hpp"
#include "discovery/entry.hpp"
#include "discovery/go_text.hpp"
#include "discovery/provider_string.hpp"
#include "keys/key_spec.hpp"
#include "keys/secret_sources.hpp"
#include "loading/discovery_provider.hpp"
#include "logging/log.hpp"

namespace joinery::discovery {
namespace {

using Clock = std::chrono::steady_clock;
using plugins::DiscoveryProvider;
using plugins::KeyValues;

// The entry shown when its provider is unknown: which of its keys are secret cannot be
// known, so every value but the provider's name is masked.
//
// Not a twin of logging::redact: this masks by key, rendering a parsed provider string
// (format_masked: a named key's whole value, however short, before anything is
// registered), while redact scrubs the registered secret values out of any text (a
// plugin's message, a log line). The resolver needs both: an entry is shown through
// format_masked, a provider's words through redact.
std::string mask_all_values(const ProviderString &entry) {
  std::vector<std::string> every_key;
  every_key.reserve(entry.keys.size());
  for (const auto &[key, value] : entry.keys) {
    every_key.push_back(key);
  }
  return format_masked(entry, every_key);
}

}  // namespace

// --------------------------------------------------------------- EntryProblems --

bool EntryProblems::only_missing_providers() const noexcept {
  return !problems.empty() && std::all_of(problems.begin(), problems.end(), [](const auto &p) {
    return p.kind == EntryProblem::Kind::unknown_provider;
  });
}

PreparationError EntryProblems::error() const {
  Problems parts;
  parts.reserve(problems.size());
  for (const EntryProblem &problem : problems) {
    parts.push_back(problem.problem);
  }
  return {report, std::move(parts), only_missing_providers()};
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

// A call of an earlier attempt that was abandoned, and the entry it was made for.
struct StillRunning {
  std::unique_ptr<plugins::AbandonedCall> call;
  std::size_t entry = 0;
};

}  // namespace

struct Resolver::Impl {
  ResolverOptions options;
  std::vector<PreparedEntry> entries;
  mutable std::mutex abandoned_mutex;
  std::vector<StillRunning> abandoned;  // dropped: joined when ended, else detached

  // For each entry, whether its abandoned call of an earlier attempt still runs.
  [[nodiscard]] std::vector<bool> entries_still_running() const;

  // Joins abandoned threads that have ended since.
  void reap() {
    const std::lock_guard lock(abandoned_mutex);
    std::erase_if(abandoned, [](const StillRunning &call) { return call.call->ended(); });
  }

  [[nodiscard]] bool stop_requested() const {
    return options.stop && options.stop->stop_requested();
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
  for (const StillRunning &call : abandoned) {
    if (!call.call->ended()) {
      running[call.entry] = true;
    }
  }
  return running;
}

std::size_t Resolver::abandoned_calls() const {
  const std::lock_guard lock(impl_->abandoned_mutex);
  return static_cast<std::size_t>(
      std::count_if(impl_->abandoned.begin(), impl_->abandoned.end(),
                    [](const StillRunning &c) { return !c.call->ended(); }));
}

Resolution Resolver::resolve() {
  Impl &impl = *impl_;
  impl.reap();
  Resolution resolution;
  if (impl.stop_requested()) {
    resolution.stopped = true;
    return resolution;
  }

  // An entry whose call of an earlier attempt still runs makes no new one (each would
  // hold another thread for as long as the plugin hangs), nor does any in-process entry
  // while the process holds max_abandoned_calls of them (run_bounded_all's rule).
  const std::vector<bool> still_running = impl.entries_still_running();
  std::vector<std::shared_ptr<std::vector<std::string>>> found_by(impl.entries.size());
  std::vector<std::size_t> call_of(impl.entries.size(), 0);  // entry -> its call in `works`
  std::vector<plugins::BoundedWork> works;
  for (std::size_t i = 0; i < impl.entries.size(); ++i) {
    const PreparedEntry &entry = impl.entries[i];
    if (!entry.provider || still_running[i]) {
      continue;
    }
    found_by[i] = std::make_shared<std::vector<std::string>>();
    call_of[i] = works.size();
    works.push_back({[provider = entry.provider, config = entry.config,
                      found = found_by[i]](plugins::CallContext &call) {
                       plugins::Discovered discovered = provider->discover(call, config);
                       *found = std::move(discovered.addresses);  // read once the call returned
                       return discovered.result;
                     },
                     "agent.plugin." + entry.provider->name(),
                     !entry.provider->isolated(),  // an isolated call is killed, not abandoned
                     [&impl, &entry] { impl.log_using(*entry.provider); }});
  }
  plugins::FanOut ran = plugins::run_bounded_all(
      {.stop = impl.options.stop,
       .routes = impl.options.routes,
       .deadline = sdk::deadline_after(Clock::now(), impl.options.timeout)},
      std::move(works));
  resolution.stopped = ran.stopped;

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
    if (still_running[i]) {
      EntryFailure failure{i, entry.display,
                           "provider '" + entry.provider->name() +
                               "': discover not started: its call of an earlier attempt ignored "
                               "the discovery timeout and is still running",
                           true};
      impl.log_failure(failure);
      resolution.failures.push_back(std::move(failure));
      continue;
    }
    plugins::CallOutcome &call = ran.calls[call_of[i]];
    if (call.end == plugins::CallOutcome::End::not_started) {
      EntryFailure failure{
          i, entry.display,
          "provider '" + entry.provider->name() + "': discover " + call.result.message, false};
      impl.log_failure(failure);
      resolution.failures.push_back(std::move(failure));
      continue;
    }
    if (call.end == plugins::CallOutcome::End::abandoned) {
      {
        const std::lock_guard lock(impl.abandoned_mutex);
        impl.abandoned.push_back({std::move(call.abandoned), i});
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
    if (!call.result.ok()) {
      if (resolution.stopped && call.result.status == JOINERY_CANCELLED) {
        continue;
      }
      EntryFailure failure{i, entry.display, logging::redact(call.result.message), false};
      impl.log_failure(failure);
      resolution.failures.push_back(std::move(failure));
      continue;
    }
    const std::vector<std::string> &returned = *found_by[i];
    std::vector<std::string> found;
    found.reserve(returned.size());
    for (const std::string &address : returned) {
      std::string normalized = normalize_address(address);
      if (normalized.empty()) {
        continue;
      }
      // A provider's answer is input from the network: checked like a configured
      // literal, so that it cannot become a backend's option ("-rpc-addr=...").
      if (Result<> usable = check_address(normalized, AddressSource::discovered); !usable) {
        impl.log_dropped(entry, address, usable.error().what);
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

std::string build_report(const std::vector<EntryProblem> &problems,
                         const std::vector<std::shared_ptr<const DiscoveryProvider>> &involved,
                         plugins::Registry &registry) {
  std::string report;
  for (const EntryProblem &problem : problems) {
    report += problem.problem.text() + "\n";
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
  auto checked = check(entries, registry, std::move(options));
  if (!checked) {
    throw checked.error().error();
  }
  return std::move(*checked);
}

tl::expected<Resolver, EntryProblems> Resolver::check(const std::vector<ConfiguredEntry> &entries,
                                                      plugins::Registry &registry,
                                                      ResolverOptions options) {
  using Kind = EntryProblem::Kind;
  auto impl = std::make_unique<Impl>();
  std::vector<EntryProblem> problems;
  std::vector<std::shared_ptr<const DiscoveryProvider>> involved;  // whose help to show
  const auto problem = [&](Kind kind, std::size_t index, std::string entry, std::string message,
                           std::string provider = {}) {
    std::string where = entries[index].origin.empty() ? "entry " + std::to_string(index + 1)
                                                      : entries[index].origin;
    if (!entry.empty()) {
      where += ": " + entry;
    }
    problems.push_back({kind, index, std::move(entry), std::move(provider),
                        Problem{std::move(message), std::move(where)}});
  };

  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string &text = entries[i].text;
    if (!is_provider_string(text)) {
      if (Result<> usable = check_literal_address(text); !usable) {
        problem(Kind::literal, i, text, usable.error().what);
      } else {
        impl->entries.push_back({text, nullptr, {}, text});
      }
      continue;
    }

    Result<KeyValues> pairs = parse_pairs(text);
    if (!pairs) {
      problem(Kind::syntax, i, {}, "discover: " + pairs.error().what);
      continue;
    }
    ProviderString parsed = split_provider(std::move(*pairs));
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
      for (const Problem &found : resolved.problems) {
        problem(Kind::keys, i, prepared.display, found.text(), provider->name());
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

    const Problems key_problems = plugins::check_keys(provider->keys(), values);
    if (!key_problems.empty()) {
      for (const Problem &found : key_problems) {
        problem(Kind::keys, i, prepared.display, logging::redact(found.text()), provider->name());
      }
      if (std::find(involved.begin(), involved.end(), provider) == involved.end()) {
        involved.push_back(provider);
      }
      continue;
    }
    prepared.config = plugins::with_defaults(provider->keys(), values);

    // Bounded like a discover call: a validate that hangs does not hang the run.
    plugins::CallOutcome validated =
        plugins::run_bounded({.stop = options.stop,
                              .routes = options.routes,
                              .deadline = sdk::deadline_after(Clock::now(), options.timeout),
                              .log_subsystem = "agent.plugin." + provider->name(),
                              .in_process = !provider->isolated()},
                             [provider, config = prepared.config](plugins::CallContext &call) {
                               return provider->validate(call, config);
                             });
    if (validated.end == plugins::CallOutcome::End::abandoned) {
      validated.result = {JOINERY_UNAVAILABLE, "provider '" + provider->name() +
                                                   "': validate gave no answer within the "
                                                   "discovery timeout (" +
                                                   sdk::format_duration(options.timeout) +
                                                   ") and was abandoned"};
    }
    const plugins::PluginResult &result = validated.result;
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
    return tl::unexpected(EntryProblems{std::move(problems), std::move(report)});
  }
  impl->options = std::move(options);
  return Resolver(std::move(impl));
}

}  // namespace joinery::discovery
