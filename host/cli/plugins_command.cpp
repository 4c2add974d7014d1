// joinery plugins list|inspect: what is installed, what each plugin offers (names,
// keys), and why a file was refused.
#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "catalog/plugin_help.hpp"
#include "catalog/registry.hpp"
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/stop_on_signals.hpp"
#include "config/default_file.hpp"
#include "config/loader.hpp"
#include "isolation/isolated_library.hpp"
#include "keys/secret_sources.hpp"
#include "keys/word_wrap.hpp"
#include "logging/json_text.hpp"

namespace joinery::cli {
namespace {

namespace po = boost::program_options;
using plugins::DiscoveryProvider;
using plugins::JoinBackend;
using plugins::KeySpec;
using plugins::LibraryIdentity;
using plugins::PluginItemDescription;
using plugins::Refusal;

constexpr std::string_view help_text =
    R"(Usage: joinery plugins list [--json] [--plugin-dir DIR]... [--config FILE]...
       joinery plugins inspect PATH|NAME [--json] [--plugin-dir DIR]...
                               [--config FILE]...

Shows the discovery providers and join backends joinery can use, the keys each
one takes, and every plugin file that was refused with the reason.

  list       load every plugin on the search path and list what each provides;
             refused files are listed with their reasons (exit 0 either way)
  inspect    load one plugin file (or the file providing NAME) and show it in
             full; exits 3 when the file is refused
Both load plugin files in child processes (plugin runners), so a file that
crashes or hangs while loading is reported as refused instead of taking joinery
down.

Options:
  --plugin-dir DIR   search DIR first (repeatable); then the configuration's
                     plugin_dirs, JOINERY_PLUGIN_PATH (colon-separated), and the
                     bundled plugin directory
  --config FILE      read plugin_dirs from this configuration file (repeatable)
  --config-dir DIR   read plugin_dirs from the *.toml and *.json files in DIR
                     (repeatable)
  --allow-env-plugin-path
                     as root, still read JOINERY_PLUGIN_PATH and XDG_CACHE_HOME
                     (never when set-uid)
  --allow-untrusted-config
                     as root, still read --config files and --config-dir
                     directories that someone other than root can change
  --skip-consul-keys skip a Consul agent's keys joinery does not read, so a
                     Consul config directory can be read as it is
  --json             print JSON instead of text
  -h, --help         show this help
Long options may be written with one dash, as Consul's are: -plugin-dir DIR.

Examples:
  joinery plugins list
  joinery plugins list --plugin-dir /opt/vendor/joinery-plugins --json
  joinery plugins list -config-dir /etc/joinery
  joinery plugins inspect /opt/vendor/joinery-plugins/joinery-acme.so
  joinery plugins inspect dns
)";

std::string abi_text(const LibraryIdentity &library) {
  return std::to_string(library.abi_major()) + "." + std::to_string(library.abi_minor());
}

nlohmann::ordered_json keys_json(const std::vector<KeySpec> &keys) {
  const std::vector<plugins::SecretSource> sources = plugins::secret_sources(keys);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const KeySpec &key : keys) {
    out.push_back({{"name", key.name},
                   {"type", plugins::key_type_name(key.type)},
                   {"required", key.required},
                   {"secret", key.secret},
                   {"default", key.default_value ? nlohmann::ordered_json(*key.default_value)
                                                 : nlohmann::ordered_json()},
                   {"description", key.description}});
    if (key.secret) {
      // The names the host also reads this key's value from (secret_sources.hpp).
      nlohmann::ordered_json from = nlohmann::ordered_json::object();
      for (const plugins::SecretSource &source : sources) {
        if (source.secret_key == key.name) from[source.from_file ? "file" : "env"] = source.name;
      }
      out.back()["value_from"] = std::move(from);
    }
  }
  return out;
}

// What a provider or backend looks like in the output; both have the same shape.
template <class Item>
nlohmann::ordered_json item_json(std::string_view kind, const Item &item) {
  const LibraryIdentity &library = item.library();
  return {{"kind", kind},
          {"name", item.name()},
          {"summary", item.description().summary},
          {"help", item.description().help},
          {"plugin_id", library.plugin_id()},
          {"plugin_version", library.plugin_version()},
          {"abi", abi_text(library)},
          {"file", library.file().string()},
          {"keys", keys_json(item.keys())}};
}

template <class Item>
void print_item(std::ostream &out, std::string_view kind, const Item &item) {
  const LibraryIdentity &library = item.library();
  const PluginItemDescription &description = item.description();
  out << kind << " " << description.name << ": " << description.summary << "\n";
  out << "  plugin:  " << library.plugin_id() << " " << library.plugin_version() << " (ABI "
      << abi_text(library) << ")\n";
  out << "  file:    " << library.file().string() << "\n";
  if (description.keys.empty()) {
    out << "  keys:    none\n";
  } else {
    out << "  keys:\n";
    out << plugins::indent_lines(plugins::format_key_help(description.keys), "  ");
  }
  if (!description.help.empty()) {
    out << "  help:\n";
    out << plugins::indent_lines(plugins::reflow(description.help, 76), "    ");
  }
  out << "\n";
}

void print_refusal(std::ostream &out, const Refusal &refusal) {
  out << "refused " << refusal.problem.where << ":\n  " << refusal.problem.reason() << "\n\n";
}

nlohmann::ordered_json refusals_json(const std::vector<Refusal> &refusals) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Refusal &refusal : refusals) {
    out.push_back({{"file", refusal.problem.where}, {"reason", refusal.problem.reason()}});
  }
  return out;
}

struct Listing {
  std::vector<std::shared_ptr<const DiscoveryProvider>> providers;
  std::vector<std::shared_ptr<const JoinBackend>> backends;
  std::vector<Refusal> refusals;
};

void print_listing(const Listing &listing, bool json, const nlohmann::ordered_json &head) {
  if (json) {
    nlohmann::ordered_json out = head;
    out["providers"] = nlohmann::ordered_json::array();
    for (const auto &provider : listing.providers) {
      out["providers"].push_back(item_json("provider", *provider));
    }
    out["backends"] = nlohmann::ordered_json::array();
    for (const auto &backend : listing.backends) {
      out["backends"].push_back(item_json("backend", *backend));
    }
    out["refused"] = refusals_json(listing.refusals);
    std::cout << logging::json_text(out, 2) << "\n";
    return;
  }
  for (const auto &provider : listing.providers) print_item(std::cout, "provider", *provider);
  for (const auto &backend : listing.backends) print_item(std::cout, "backend", *backend);
  for (const Refusal &refusal : listing.refusals) print_refusal(std::cout, refusal);
}

struct Parsed {
  std::vector<std::filesystem::path> plugin_dirs;
  std::vector<std::filesystem::path> config_paths;  // --config files and --config-dir dirs
  bool json = false;
  bool help = false;
  bool allow_env_plugin_path = false;
  bool allow_untrusted_config = false;
  bool skip_consul_keys = false;
  std::vector<std::string> targets;  // inspect's PATH|NAME
};

// Parses a sub-command's options; throws po::error on a bad command line.
Parsed parse(const Arguments &args, bool takes_target) {
  Parsed parsed;
  std::vector<std::string> dirs, configs, config_dirs;
  po::options_description visible;
  visible.add_options()("plugin-dir", po::value(&dirs)->composing())(
      "config", po::value(&configs)->composing())(
      "config-dir", po::value(&config_dirs)->composing())("json", po::bool_switch(&parsed.json))(
      "help,h", po::bool_switch(&parsed.help))("allow-env-plugin-path",
                                               po::bool_switch(&parsed.allow_env_plugin_path))(
      "allow-untrusted-config", po::bool_switch(&parsed.allow_untrusted_config))(
      "skip-consul-keys", po::bool_switch(&parsed.skip_consul_keys));
  po::options_description all;
  all.add(visible);
  po::positional_options_description positional;
  if (takes_target) {
    all.add_options()("target", po::value(&parsed.targets));
    positional.add("target", -1);
  }
  // Consul's users write long options with one dash: allow it, but never guess a
  // prefix (that would make -p mean --plugin-dir today and something else tomorrow).
  const int style =
      (po::command_line_style::unix_style | po::command_line_style::allow_long_disguise) &
      ~po::command_line_style::allow_guessing;
  po::variables_map values;
  po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(),
            values);
  po::notify(values);
  for (const std::string &dir : dirs) parsed.plugin_dirs.emplace_back(dir);
  // Files and directories in the order given would be nicer; plugin_dirs is a list
  // that merges by appending, so the order between the two kinds hardly matters.
  for (const std::string &file : configs) parsed.config_paths.emplace_back(file);
  for (const std::string &dir : config_dirs) parsed.config_paths.emplace_back(dir);
  return parsed;
}

// The search path: --plugin-dir, then plugin_dirs of the configuration (if one was
// given), then the environment and the bundled directory; the configuration's
// plugin_sha256 pins. Nullopt after printing the configuration's problems.
std::optional<plugins::SearchPath> search_path(std::string_view command, const Parsed &parsed) {
  std::vector<std::filesystem::path> config_dirs;
  plugins::TrustPolicy trust;
  trust.allow_environment = parsed.allow_env_plugin_path;
  if (const auto paths = config::paths_or_default(parsed.config_paths); !paths.empty()) {
    config::Sources sources;
    sources.paths = paths;
    sources.allow_untrusted = parsed.allow_untrusted_config;
    sources.skip_consul_keys = parsed.skip_consul_keys;
    const config::Loaded loaded = config::load(sources);
    if (!loaded.config) {
      for (const auto &problem : loaded.problems) {
        std::cerr << "joinery plugins " << command << ": " << problem.text() << "\n";
      }
      return std::nullopt;
    }
    config_dirs = loaded.config->plugin_dirs;
    trust.sha256_pins = loaded.config->plugin_sha256;
  }
  return plugins::SearchPath::standard(parsed.plugin_dirs, config_dirs, std::move(trust));
}

int usage_error(std::string_view command, std::string_view message) {
  std::cerr << "joinery plugins " << command << ": " << message
            << "\nRun 'joinery plugins --help' for usage.\n";
  return exit_usage;
}

// Listing and inspecting load plugin files in plugin runners (child processes), not here;
// SIGINT and SIGTERM (`stop`) kill a runner whose plugin is still loading.
plugins::IsolationPolicy probing_policy(std::shared_ptr<const plugins::StopSource> stop) {
  plugins::IsolationPolicy policy;
  policy.all = true;
  policy.stop = std::move(stop);
  return policy;
}

int list(const Arguments &args) {
  Parsed parsed;
  try {
    parsed = parse(args, false);
  } catch (const po::error &error) {
    return usage_error("list", error.what());
  }
  if (parsed.help) {
    std::cout << help_text;
    return exit_ok;
  }
  const auto path = search_path("list", parsed);
  if (!path) return exit_usage;
  auto stop = std::make_shared<plugins::StopSource>();
  const StopOnSignals signals(*stop);
  plugins::Registry registry(*path, probing_policy(stop));
  registry.load_all();
  if (stop->stop_requested()) return signals.exit_status();
  const Listing listing{registry.providers(), registry.backends(), registry.refusals()};
  nlohmann::ordered_json head;
  head["search_path"] = nlohmann::ordered_json::array();
  for (const auto &dir : registry.search_path().directories) {
    head["search_path"].push_back(dir.string());
  }
  if (!parsed.json) {
    std::cout << "search path (the first file to provide a name wins):\n";
    for (const auto &dir : registry.search_path().directories) {
      std::cout << "  " << dir.string() << "\n";
    }
    std::cout << "\n";
  }
  print_listing(listing, parsed.json, head);
  return exit_ok;
}

// The file to inspect: PATH itself, or the file that provides the provider or
// backend NAME (when NAME is not a file and has no '/').
std::filesystem::path inspected_file(const std::string &target, const plugins::SearchPath &path,
                                     const plugins::IsolationPolicy &probing) {
  std::error_code ignored;
  if (target.find('/') != std::string::npos || std::filesystem::exists(target, ignored)) {
    return std::filesystem::absolute(target, ignored);
  }
  plugins::Registry registry(path, probing);
  if (auto provider = registry.find_provider(target)) return provider->library().file();
  if (auto backend = registry.find_backend(target)) return backend->library().file();
  return {};
}

int inspect(const Arguments &args) {
  Parsed parsed;
  try {
    parsed = parse(args, true);
  } catch (const po::error &error) {
    return usage_error("inspect", error.what());
  }
  if (parsed.help) {
    std::cout << help_text;
    return exit_ok;
  }
  if (parsed.targets.size() != 1) {
    return usage_error("inspect", "give exactly one plugin file (or provider/backend name)");
  }
  const std::string &target = parsed.targets.front();
  const auto path = search_path("inspect", parsed);
  if (!path) return exit_usage;
  auto stop = std::make_shared<plugins::StopSource>();
  const StopOnSignals signals(*stop);
  const plugins::IsolationPolicy probing = probing_policy(stop);
  const std::filesystem::path file = inspected_file(target, *path, probing);
  if (stop->stop_requested()) return signals.exit_status();
  if (file.empty()) {
    std::cerr << "joinery plugins inspect: '" << target
              << "' is neither a file nor the name of a provider or backend on the search "
                 "path; 'joinery plugins list' shows what is installed\n";
    return exit_plugin_error;
  }
  // Trust first (before any process maps the file), then a probe in a runner, so a
  // file that crashes cannot take this process down.
  Result<std::shared_ptr<plugins::IsolatedLibrary>> loaded;
  if (Result<> trusted = plugins::untrusted_plugin_file(file, path->trust); !trusted) {
    loaded = failure(std::move(trusted.error()));
  } else {
    loaded = plugins::IsolatedLibrary::probe(file, probing);
  }
  if (stop->stop_requested()) return signals.exit_status();
  Listing listing;
  nlohmann::ordered_json head;
  head["file"] = file.string();
  if (!loaded) {
    listing.refusals.push_back({loaded.error()});
  } else {
    const std::shared_ptr<plugins::IsolatedLibrary> &isolated = *loaded;
    const LibraryIdentity &library = isolated->library();
    head["plugin_id"] = library.plugin_id();
    head["plugin_version"] = library.plugin_version();
    head["abi"] = abi_text(library);
    listing.providers = isolated->providers();
    listing.backends = isolated->backends();
  }
  print_listing(listing, parsed.json, head);
  return listing.refusals.empty() ? exit_ok : exit_plugin_error;
}

}  // namespace

int plugins_command(const Arguments &args) {
  if (args.empty()) {
    std::cerr << help_text;
    return exit_usage;
  }
  const std::string &sub = args.front();
  const Arguments rest(args.begin() + 1, args.end());
  if (sub == "list") return list(rest);
  if (sub == "inspect") return inspect(rest);
  if (sub == "--help" || sub == "-help" || sub == "-h" || sub == "help") {
    std::cout << help_text;
    return exit_ok;
  }
  return usage_error(sub, "unknown sub-command; use 'list' or 'inspect'");
}

}  // namespace joinery::cli
