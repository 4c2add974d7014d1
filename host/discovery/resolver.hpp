// Turns one cluster's entries into the addresses of one join attempt.
//
//   auto resolver = Resolver::prepare(entries, registry, {.cluster = "LAN", .stop = stop});
//   // ... then per attempt:
//   Resolution r = resolver.resolve();   // r.addresses go to the join backend
//
// prepare() runs once, before the first attempt: it parses every provider string,
// finds its provider, checks its keys against the provider's key descriptions and
// calls the provider's validate, and throws PreparationError listing every problem of
// every entry (with the provider's key help). resolve() runs once per attempt: every
// provider entry is resolved on its own thread, all at once, each call with a deadline
// of now + timeout and the run's stop signal; a failing entry is logged ("Cannot
// discover address") and skipped without sinking the others. Literal entries pass
// through as written. Secret values are masked in every log line and error and
// registered with logging::add_secret.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "base/gateway_routes.hpp"
#include "base/stop_source.hpp"
#include "catalog/registry.hpp"
#include "discovery/wording.hpp"
#include "logging/log.hpp"
#include "problem/preparation_error.hpp"
#include "problem/problem.hpp"
#include "problem/result.hpp"

namespace joinery::discovery {

struct ResolverOptions {
  std::string cluster = "LAN";  // the cluster= field of log lines: "LAN", "WAN", "primary"
  Wording wording = Wording::servers;
  // Each provider call's deadline is the attempt's start plus this (discovery_timeout).
  std::chrono::nanoseconds timeout = std::chrono::seconds(30);
  // Shutdown: cancels running calls and ends resolve() at once. May be null. Shared so
  // that it outlives calls the resolver had to abandon.
  std::shared_ptr<const plugins::StopSource> stop;
  // What joinery_host.gateway_route answers from during calls. May be null.
  std::shared_ptr<const plugins::GatewayRoutes> routes;
  std::string log_subsystem = "agent";  // Consul's logger name for the resolver's lines
  // First on every Consul line the resolver writes, as the joiner's logger.With() puts
  // them: Consul's LAN and WAN loggers carry cluster=, so "Discovered servers" has it
  // twice ("cluster=LAN cluster=LAN servers=...").
  std::vector<logging::Field> log_fields;
};

// One configured entry and where it was written, for messages.
struct ConfiguredEntry {
  std::string text;    // e.g. "provider=aws tag_key=consul" or "10.0.0.1:8301"
  std::string origin;  // e.g. "consul.toml:3:14", "--retry-join"; may be empty
};

// One thing wrong with one entry, found by prepare(): its Problem (as the operator reads
// it) and what the resolver knows of it beside (its kind, which entry, which provider).
struct EntryProblem {
  enum class Kind {
    literal,           // a literal address that cannot be used ("[::1" ...)
    syntax,            // the provider string does not parse ("discover: key: missing '='")
    no_provider,       // "discover: no provider"
    unknown_provider,  // no installed plugin provides it ("discover: unknown provider NAME")
    keys,              // an unknown key, a missing required key, a value of the wrong type
    rejected,          // the provider's own validate refused the configuration
  };
  Kind kind = Kind::syntax;
  std::size_t index = 0;  // position of the entry in what prepare() was given
  // The entry as it may be shown: canonical, secret values "***"; when the provider is
  // unknown every value but the provider's name is masked; empty when it did not parse
  // (a string that does not parse is never echoed: it may hold a secret).
  std::string entry;
  std::string provider;  // the provider's name when it was found, else empty
  // where: the entry's origin ("consul.toml:3:14", or "entry N" when it has none), then
  // `entry` when there is one; what: what is wrong, secrets masked.
  Problem problem;
};

// Everything prepare() found wrong: every problem of every entry, and the report for an
// operator (one line per problem, then the help of each provider involved, its summary
// and every key with its flags and default, and a hint when plugin files were refused).
struct EntryProblems {
  std::vector<EntryProblem> problems;
  std::string report;
  // True when every problem is an unknown provider: a plugin is missing rather than the
  // configuration wrong (joinery exits 3 for that, 2 otherwise).
  [[nodiscard]] bool only_missing_providers() const noexcept;
  // What prepare() throws: the report, each problem's Problem, only_missing_providers().
  [[nodiscard]] PreparationError error() const;
};

// Why one entry gave no addresses in one attempt.
struct EntryFailure {
  std::size_t index = 0;   // position of the entry in what prepare() was given
  std::string entry;       // masked canonical form, as logged
  std::string error;       // secrets masked, e.g. "dns: no such host (not found)"
  bool timed_out = false;  // the provider did not return by its deadline and was abandoned,
                           // now or at an earlier attempt (then no call was made)
};

// The outcome of one attempt.
struct Resolution {
  // Every address, in entry order, then in the order each provider gave them; duplicates
  // removed (the first stays); IPv6 with a port bracketed.
  std::vector<std::string> addresses;
  std::vector<EntryFailure> failures;  // in entry order
  bool stopped = false;  // the stop signal came during the attempt; addresses may be partial
};

class Resolver {
 public:
  // Checks `entries` and keeps what each attempt needs; throws PreparationError listing
  // every problem (EntryProblems::error()). Looks providers up through `registry`
  // (loading only what is named). Registers the values of secret keys with
  // logging::add_secret. Provider validate calls run on the calling thread with the same
  // deadline as discovery calls.
  static Resolver prepare(const std::vector<ConfiguredEntry> &entries, plugins::Registry &registry,
                          ResolverOptions options);
  static Resolver prepare(const std::vector<std::string> &entries, plugins::Registry &registry,
                          ResolverOptions options);
  // The same checks, for a caller that needs more of each problem than its Problem (its
  // kind, its entry): the resolver, or everything that was found wrong.
  static tl::expected<Resolver, EntryProblems> check(const std::vector<ConfiguredEntry> &entries,
                                                     plugins::Registry &registry,
                                                     ResolverOptions options);

  Resolver(Resolver &&) noexcept;
  Resolver &operator=(Resolver &&) noexcept;
  // Waits for nothing: calls still running (abandoned past their deadline) are detached;
  // each keeps alive what it uses (its provider's library, its call context, the stop
  // source), so they finish harmlessly while the process lives.
  ~Resolver();

  // One attempt: resolves every entry (provider entries in parallel), logs Consul's
  // lines for each, and returns the addresses and the failures. Returns by the deadline
  // (start + timeout, plus a short grace for a provider that reports its own timeout)
  // even when a provider ignores it: that call is reported as timed out and its thread
  // abandoned (joined by a later resolve() once it ends, detached at destruction).
  // An entry whose abandoned call still runs makes no new call (a failure saying so),
  // and no in-process call starts while the process holds max_abandoned_calls
  // (base/abandoned_calls.hpp). Returns at once when the stop signal comes. Not to be
  // called concurrently with itself on one Resolver.
  Resolution resolve();

  [[nodiscard]] std::size_t size() const noexcept;  // number of entries
  // The distinct provider names the entries use, in first-use order (for log lines).
  [[nodiscard]] std::vector<std::string> provider_names() const;
  // Abandoned calls that have not ended yet.
  [[nodiscard]] std::size_t abandoned_calls() const;

 private:
  struct Impl;
  explicit Resolver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace joinery::discovery
