// joinery discover: what go-discover's `discover addrs` does, through joinery's
// plugins. Prints the addresses a provider string finds, space-separated on one line
// (or a JSON array), so shells and scripts can use them; everything else goes to
// stderr.
#include <signal.h>

#include <boost/program_options.hpp>
#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "catalog/plugin_help.hpp"
#include "catalog/registry.hpp"
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/run_options.hpp"
#include "cli/run_setup.hpp"
#include "cli/stop_on_signals.hpp"
#include "discovery/provider_string.hpp"
#include "discovery/resolver.hpp"
#include "logging/json_text.hpp"
#include "logging/log.hpp"
#include "problem/preparation_error.hpp"

namespace joinery::cli {
namespace {

namespace po = boost::program_options;

constexpr std::string_view discover_usage =
    R"(Usage: joinery discover [options] [addrs] 'provider=NAME key=val ...'
       joinery discover help [NAME]

Prints the addresses a provider string finds, space-separated on one line, as
go-discover's `discover addrs` does: the same string a retry_join entry takes.
Finding nothing prints an empty line and exits 0. Several arguments are joined
with spaces. The log (what the provider did, and why it failed) goes to stderr;
-q silences it. `help` (as no arguments at all) prints this and every installed
provider's help, as go-discover's `discover` does; `help NAME` prints one
provider's.

Exit status: 0 addresses printed (maybe none), 1 discovery failed, 2 bad usage,
bad provider string or keys, 3 no installed plugin provides the provider, 5 the
provider ended joinery's process with exit().

Examples:
  joinery discover 'provider=static addrs=10.0.0.1,10.0.0.2:8301'
  joinery discover addrs provider=dns name=consul.service.consul port=8301
  joinery discover -q --json --timeout 5s \
      'provider=k8s label_selector="app=consul"'
  joinery discover --plugin-dir /opt/acme/joinery-plugins help acme
  joinery discover --config /etc/joinery/joinery.toml 'provider=file path=peers'
)";

po::options_description discover_options() {
  po::options_description options("Discover options");
  options.add_options()                                                      //
      ("quiet,q", po::bool_switch(), "no log output")                        //
      ("json", po::bool_switch(), "print a JSON array instead of one line")  //
      ("timeout", po::value<std::string>()->value_name("DURATION"),          //
       "time limit of the provider call (default: discovery_timeout, 30s)")  //
      ("help-provider", po::value<std::string>()->value_name("NAME"),        //
       "print the help of one provider and exit");
  return options;
}

plugins::SearchPath search_path(const config::Config &config) {
  return plugins::SearchPath::standard(config.flag_plugin_dirs, config.plugin_dirs,
                                       config.plugin_trust());
}

// Usage, the options, then every installed provider's help (go-discover's Help()).
int print_help(const config::Config &config, const po::options_description &own) {
  std::cout << discover_usage << '\n'
            << run_options_help(OptionGroups::discover, &own, "Discover options") << '\n';
  plugins::Registry registry(search_path(config), isolation_policy(config));
  registry.load_all();
  auto providers = registry.providers();
  std::stable_sort(providers.begin(), providers.end(),
                   [](const auto &a, const auto &b) { return a->name() < b->name(); });
  std::cout << "Providers:\n";
  for (const auto &provider : providers) {
    std::cout << '\n' << plugins::format_help(*provider);
  }
  if (providers.empty()) {
    std::cout << "  none installed\n";
  }
  if (!registry.refusals().empty()) {
    std::cout << '\n'
              << registry.refusals().size()
              << " plugin file(s) or directories were refused; 'joinery plugins list' says why.\n";
  }
  return exit_ok;
}

int print_provider_help(const config::Config &config, const std::string &name) {
  plugins::Registry registry(search_path(config), isolation_policy(config));
  if (const auto provider = registry.find_provider(name)) {
    std::cout << plugins::format_help(*provider);
    return exit_ok;
  }
  std::cerr << discovery::unknown_provider_message(name)
            << "\nInstalled providers: " << plugins::installed_provider_names(registry) << '\n';
  return exit_plugin_error;
}

// The configuration for -h: the arguments without the help flag, parsed again so that
// --plugin-dir and --config still say where providers are; defaults when they fail.
config::Config config_for_help(const Arguments &args, const CommandOptions &command) {
  Arguments rest;
  std::copy_if(args.begin(), args.end(), std::back_inserter(rest), [](const std::string &arg) {
    return arg != "-h" && arg != "--help" && arg != "-help";
  });
  ParsedRunOptions parsed = parse_run_options(rest, command);
  return parsed.options ? parsed.options->config : config::Config{};
}

// Ends the process without running exit-time destructors, for when a provider call
// ignored its deadline and still runs on an abandoned thread: destroying the logger
// or unloading its plugin under it could crash an otherwise successful command.
[[noreturn]] void exit_now(int status) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(status);
}

}  // namespace

int discover_command(const Arguments &args) {
  const po::options_description own = discover_options();
  const CommandOptions command{.groups = OptionGroups::discover,
                               .own = &own,
                               .max_positional = std::numeric_limits<std::size_t>::max()};
  ParsedRunOptions parsed = parse_run_options(args, command);
  if (parsed.help) {
    return print_help(config_for_help(args, command), own);
  }
  if (!parsed.options) {
    for (const std::string &error : parsed.errors) {
      std::cerr << error << '\n';
    }
    std::cerr << "Run 'joinery discover --help' for usage.\n";
    return exit_usage;
  }
  const RunOptions &options = *parsed.options;
  const config::Config &config = options.config;
  const po::variables_map &values = options.command_values;

  const logging::Level level =
      logging::parse_level(config.log_level).value_or(logging::Level::info);
  logging::configure(values["quiet"].as<bool>() ? logging::Level::off : level, config.log_json);

  if (values.count("help-provider") != 0) {
    return print_provider_help(config, values["help-provider"].as<std::string>());
  }

  std::vector<std::string> words = options.positional;
  if (words.empty() || (words.size() == 1 && words.front() == "help")) {
    return print_help(config, own);  // go-discover: anything but `addrs` prints the help
  }
  if (words.front() == "help") {
    if (words.size() > 2) {
      std::cerr << "joinery discover: 'help' takes one provider name, got " << words.size() - 1
                << "\nRun 'joinery discover --help' for usage.\n";
      return exit_usage;
    }
    return print_provider_help(config, words[1]);
  }
  if (words.front() == "addrs") {
    words.erase(words.begin());
  }
  std::string text;
  for (const std::string &word : words) {
    text += (text.empty() ? "" : " ") + word;
  }

  std::chrono::nanoseconds timeout = config.discovery_timeout;
  if (values.count("timeout") != 0) {
    const std::string &given = values["timeout"].as<std::string>();
    const auto parsed_timeout = sdk::parse_duration(given);
    if (!parsed_timeout || parsed_timeout->count() <= 0) {
      std::cerr << "command line: '--timeout' must be a positive duration such as 500ms, 5s or "
                   "1m30s, got \""
                << given << "\"\n";
      return exit_usage;
    }
    timeout = *parsed_timeout;
  }

  // go-discover's own checks and messages first; the resolver then sees the canonical
  // form, which always reads as a provider string (even "provider = x" does not).
  const auto entry = discovery::parse_provider_string(text);
  if (!entry) {
    std::cerr << entry.error().text() << '\n';
    return exit_usage;
  }

  auto stop = std::make_shared<plugins::StopSource>();
  const StopOnSignals signals(*stop);
  withhold_environment_secrets(config, {text});
  plugins::IsolationPolicy isolation = isolation_policy(config);
  isolation.stop = stop;
  plugins::Registry registry(search_path(config), std::move(isolation));
  discovery::ResolverOptions resolver_options;
  resolver_options.timeout = timeout;
  resolver_options.stop = stop;
  std::optional<discovery::Resolver> resolver;
  try {
    resolver.emplace(discovery::Resolver::prepare(
        std::vector<discovery::ConfiguredEntry>{
            {discovery::format_canonical(*entry), "command line"}},
        registry, std::move(resolver_options)));
  } catch (const PreparationError &problems) {
    if (stop->stop_requested()) return signals.exit_status();  // what it cut short is no problem
    std::cerr << problems.what() << '\n';
    return problems.missing_plugins_only() ? exit_plugin_error : exit_usage;
  }

  const discovery::Resolution resolution = resolver->resolve();
  int status = exit_ok;
  if (resolution.stopped) {
    status = signals.exit_status();
  } else if (!resolution.failures.empty()) {
    for (const auto &failure : resolution.failures) {
      // The provider's message may hold a server's bytes: escaped, as in log lines.
      std::cerr << "discover: " << sdk::escape_unprintable(failure.error) << '\n';
    }
    status = exit_join_failed;
  } else if (values["json"].as<bool>()) {
    std::cout << logging::json_text(nlohmann::json(resolution.addresses)) << '\n';
  } else {
    std::string line;
    for (const std::string &address : resolution.addresses) {
      line += (line.empty() ? "" : " ") + address;
    }
    std::cout << line << '\n';
  }
  if (resolver->abandoned_calls() > 0) {
    exit_now(status);
  }
  return status;
}

}  // namespace joinery::cli
