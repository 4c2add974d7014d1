#include "cli/run_options.hpp"

#include <algorithm>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>
#include <charconv>
#include <deque>
#include <map>
#include <sstream>

#include "cli/option_help.hpp"
#include "config/default_file.hpp"
#include "config/loader.hpp"
#include "config/option_values.hpp"
#include "keys/spelling.hpp"
#include "problem/problem.hpp"
#include "problem/result.hpp"

namespace joinery::cli {
namespace po = boost::program_options;
namespace {

constexpr const char *positional_key = "positional-argument";
constexpr const char *command_line = "command line";

po::options_description source_options() {
  const std::string config_help =
      "a configuration file, TOML or JSON (*.json, with "
      "Consul's key names); repeatable, read in order; " +
      config::default_file().string() + " when neither --config nor --config-dir is given";
  po::options_description options;
  options.add_options()                                                                    //
      ("config", po::value<std::vector<std::string>>()->value_name("FILE"),                //
       config_help.c_str())                                                                //
      ("config-dir", po::value<std::vector<std::string>>()->value_name("DIR"),             //
       "read every *.toml and *.json file of DIR, sorted by name; repeatable")             //
      ("plugin-dir", po::value<std::vector<std::string>>()->value_name("DIR"),             //
       "search DIR for plugins before plugin_dirs and the bundled directory; repeatable")  //
      ("isolate-plugins",
       po::value<std::string>()->value_name("BOOL")->implicit_value("true"),  //
       "run every plugin out of process, each in a plugin runner of its own, so that a "
       "crash or hang fails a call, not joinery")                                          //
      ("allow-env-plugin-path",                                                            //
       "as root, still read JOINERY_PLUGIN_PATH and XDG_CACHE_HOME (never when set-uid)")  //
      ("allow-untrusted-config",                                                           //
       "as root, still read --config files and --config-dir directories that someone other "
       "than root can change")  //
      ("skip-consul-keys",      //
       "skip a Consul agent's keys that joinery does not read (data_dir, bootstrap_expect, "
       "...), each with a debug line, so a Consul config directory can be read as it is");
  return options;
}

po::options_description logging_options() {
  po::options_description options;
  options.add_options()                                                                   //
      ("log-level", po::value<std::string>()->value_name("LEVEL"),                        //
       "trace, debug, info (default), warn, error or off")                                //
      ("log-json", po::value<std::string>()->value_name("BOOL")->implicit_value("true"),  //
       "log JSON lines instead of Consul-style text");
  return options;
}

po::options_description consul_options() {
  po::options_description options;
  options.add_options()                                                                 //
      ("retry-join", po::value<std::vector<std::string>>()->value_name("ADDR"),         //
       "an address or provider string of the LAN to join; repeatable")                  //
      ("retry-max", po::value<std::string>()->value_name("N"),                          //
       "LAN join attempts after the first before giving up; 0 = forever (default)")     //
      ("retry-interval", po::value<std::string>()->value_name("DURATION"),              //
       "wait between LAN join attempts (default 30s)")                                  //
      ("retry-join-wan", po::value<std::vector<std::string>>()->value_name("ADDR"),     //
       "an address or provider string of the WAN to join (servers); repeatable")        //
      ("retry-max-wan", po::value<std::string>()->value_name("N"),                      //
       "WAN join attempts after the first before giving up; 0 = forever (default)")     //
      ("retry-interval-wan", po::value<std::string>()->value_name("DURATION"),          //
       "wait between WAN join attempts (default 30s)")                                  //
      ("primary-gateway", po::value<std::vector<std::string>>()->value_name("ADDR"),    //
       "a mesh gateway of the primary datacenter (wan federation); repeatable")         //
      ("datacenter", po::value<std::string>()->value_name("NAME"),                      //
       "this node's datacenter (default dc1)")                                          //
      ("primary-datacenter", po::value<std::string>()->value_name("NAME"),              //
       "the primary datacenter (default: the datacenter)")                              //
      ("node", po::value<std::string>()->value_name("NAME"),                            //
       "this node's name (default: the host name)")                                     //
      ("server", po::value<std::string>()->value_name("BOOL")->implicit_value("true"),  //
       "this node is a server: it also joins the WAN");
  return options;
}

po::options_description joinery_join_options() {
  po::options_description options;
  options.add_options()                                                                        //
      ("join-backend", po::value<std::string>()->value_name("'NAME key=val ...'"),             //
       "the join backend of every cluster and its keys, e.g. 'serf rpc_addr=127.0.0.1:7373'")  //
      ("discovery-timeout", po::value<std::string>()->value_name("DURATION"),                  //
       "time limit of one provider call (default 30s)")                                        //
      ("join-timeout", po::value<std::string>()->value_name("DURATION"),                       //
       "time limit of one join-backend call (default 60s)")                                    //
      ("retry-backoff", po::value<std::string>()->value_name("fixed|exponential"),             //
       "fixed waits retry_interval (default, as Consul); exponential doubles it up to "        //
       "--retry-interval-max, with jitter")                                                    //
      ("retry-interval-max", po::value<std::string>()->value_name("DURATION"),                 //
       "the longest exponential wait (default 5m)")                                            //
      ("summary", po::value<std::string>()->value_name("FILE|-"),                              //
       "write a JSON summary of the run to FILE, or to stdout with -")                         //
      ("systemd-notify", po::value<std::string>()->value_name("BOOL")->implicit_value("true"),
       "tell systemd the run's progress and when it joined, when NOTIFY_SOCKET is set "
       "(default true)");
  return options;
}

po::options_description help_option() {
  po::options_description options;
  options.add_options()("help,h", "print this help");
  return options;
}

// The shared options in the order --help lists them, each group under its caption.
struct OptionGroup {
  std::string_view caption;
  po::options_description (*options)();
};

std::vector<OptionGroup> shared_groups(OptionGroups groups) {
  std::vector<OptionGroup> out{
      {"Configuration (later sources override earlier ones)", source_options},
      {"Logging", logging_options}};
  if (groups == OptionGroups::run) {
    out.push_back({"Joining (Consul's flags; one or two dashes)", consul_options});
    out.push_back({"Joining (joinery's own)", joinery_join_options});
  }
  out.push_back({"Help", help_option});
  return out;
}

po::options_description shared_options(OptionGroups groups) {
  po::options_description options;
  for (const OptionGroup &group : shared_groups(groups)) options.add(group.options());
  return options;
}

// The dashes each option was typed with, in command-line order, so that a message
// names "-retry-max" the way the operator wrote it (Consul's style) or "--retry-max":
// Boost hands over every long option as "--name", whatever was typed.
class TypedDashes {
 public:
  TypedDashes(const Arguments &args, const po::options_description &options) {
    for (const std::string &arg : args) {
      if (arg == "--") break;
      const std::size_t dashes = arg.starts_with("--") ? 2 : arg.starts_with('-') ? 1 : 0;
      if (dashes == 0 || arg.size() == dashes) continue;  // a value, "-" (stdin) among them
      const std::string name = arg.substr(dashes, arg.find('=') - dashes);
      if (const auto *option = options.find_nothrow(name, false)) {
        typed_[option->long_name()].push_back(dashes == 1 ? "-" : "--");
      }
    }
  }

  // The dashes of the next occurrence of `key`; "--" when it was not seen typed.
  std::string take(const std::string &key) {
    std::deque<std::string> &seen = typed_[key];
    if (seen.empty()) return "--";
    std::string dashes = std::move(seen.front());
    seen.pop_front();
    return dashes;
  }

 private:
  std::map<std::string, std::deque<std::string>> typed_;
};

// Go's strconv.ParseBool, as Consul's boolean flags accept.
std::optional<bool> parse_go_bool(const std::string &text) {
  for (const char *yes : {"1", "t", "T", "true", "TRUE", "True"}) {
    if (text == yes) return true;
  }
  for (const char *no : {"0", "f", "F", "false", "FALSE", "False"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

// Turns the shared options, in command-line order, into config sources: repeated
// scalars, later wins (as Go's flag package does); lists append.
class FlagReader {
 public:
  FlagReader(config::Sources &sources, std::vector<std::string> &errors, TypedDashes typed)
      : sources_(sources), flags_(sources.flags), errors_(errors), typed_(std::move(typed)) {}

  // False when `option` is not a shared option (the command's own, or positional).
  bool read(const po::basic_option<char> &option) {
    const std::string &key = option.string_key;
    const std::string name = typed_.take(key) + key;
    const std::string value = option.value.empty() ? "" : option.value.front();
    if (key == "config" || key == "config-dir") {
      sources_.paths.emplace_back(value);
    } else if (key == "plugin-dir") {
      flags_.flag_plugin_dirs.emplace_back(value);
    } else if (key == "isolate-plugins") {
      flags_.isolate_plugins = boolean(name, option);
    } else if (key == "allow-env-plugin-path") {
      flags_.allow_env_plugin_path = true;
    } else if (key == "allow-untrusted-config") {
      sources_.allow_untrusted = true;
    } else if (key == "skip-consul-keys") {
      sources_.skip_consul_keys = true;
    } else if (key == "log-level") {
      flags_.log_level = value_or_fail(config::check_log_level(name, value));
    } else if (key == "log-json") {
      flags_.log_json = boolean(name, option);
    } else if (key == "retry-join") {
      entry(name, value, flags_.retry_join);
    } else if (key == "retry-join-wan") {
      entry(name, value, flags_.retry_join_wan);
    } else if (key == "primary-gateway") {
      entry(name, value, flags_.primary_gateways);
    } else if (key == "retry-max") {
      flags_.retry_max = retry_max(name, value);
    } else if (key == "retry-max-wan") {
      flags_.retry_max_wan = retry_max(name, value);
    } else if (key == "retry-interval") {
      flags_.retry_interval = duration(name, value, config::DurationRule::not_negative);
    } else if (key == "retry-interval-wan") {
      flags_.retry_interval_wan = duration(name, value, config::DurationRule::not_negative);
    } else if (key == "datacenter") {
      flags_.datacenter = value;
    } else if (key == "primary-datacenter") {
      flags_.primary_datacenter = value;
    } else if (key == "node") {
      flags_.node_name = value;
    } else if (key == "server") {
      flags_.server = boolean(name, option);
    } else if (key == "join-backend") {
      if (std::optional<config::BackendChoice> choice =
              value_or_fail(parse_join_backend_flag(value))) {
        flags_.lan_backend = *choice;
        flags_.wan_backend = *choice;
      }
    } else if (key == "discovery-timeout") {
      flags_.discovery_timeout = duration(name, value, config::DurationRule::positive);
    } else if (key == "join-timeout") {
      flags_.join_timeout = duration(name, value, config::DurationRule::positive);
    } else if (key == "retry-backoff") {
      flags_.retry_backoff = value_or_fail(config::parse_backoff(name, value));
    } else if (key == "retry-interval-max") {
      flags_.retry_interval_max = duration(name, value, config::DurationRule::positive);
    } else if (key == "summary") {
      flags_.summary = value;
    } else if (key == "systemd-notify") {
      flags_.systemd_notify = boolean(name, option);
    } else {
      return false;
    }
    return true;
  }

 private:
  void fail(std::string message) { fail(Problem{std::move(message)}); }

  void fail(Problem problem) {
    problem.where = command_line;
    errors_.push_back(problem.text());
  }

  // The value `checked` holds, or nullopt with its problem reported.
  template <class T>
  std::optional<T> value_or_fail(Result<T> checked) {
    if (checked) return std::move(*checked);
    fail(std::move(checked.error()));
    return std::nullopt;
  }

  void entry(const std::string &name, const std::string &value, std::vector<config::Entry> &to) {
    if (value.empty()) return fail("'" + name + "' must not be empty");
    to.push_back({value, config::Origin{name}});
  }

  std::optional<bool> boolean(const std::string &name, const po::basic_option<char> &option) {
    if (option.value.empty()) return true;  // -server alone
    std::optional<bool> value = parse_go_bool(option.value.front());
    if (!value) fail("'" + name + "' must be true or false, got \"" + option.value.front() + "\"");
    return value;
  }

  std::optional<std::int64_t> retry_max(const std::string &name, const std::string &text) {
    std::int64_t value = 0;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (status != std::errc() || end != text.data() + text.size()) {
      fail("'" + name + "' must be an integer, got \"" + text + "\"");
      return std::nullopt;
    }
    return value_or_fail(config::check_retry_max(name, value));
  }

  std::optional<config::nanoseconds> duration(const std::string &name, const std::string &text,
                                              config::DurationRule rule) {
    return value_or_fail(config::parse_duration_option(name, text, rule));
  }

  config::Sources &sources_;
  config::Layer &flags_;
  std::vector<std::string> &errors_;
  TypedDashes typed_;
};

// Boost's message, plus the closest option name for an unknown one.
std::string usage_error(const po::error &error, const po::options_description &options) {
  std::string message = error.what();
  if (const auto *unknown = dynamic_cast<const po::unknown_option *>(&error)) {
    std::string typed = unknown->get_option_name();
    const std::size_t dashes = typed.find_first_not_of('-');
    // One or two dashes name an option; the suggestion keeps what was typed but never
    // more than two (else '---retry-join' is "corrected" to itself).
    const std::string prefix =
        typed.substr(0, std::min<std::size_t>(dashes == std::string::npos ? 0 : dashes, 2));
    std::vector<std::string> names;
    for (const auto &option : options.options()) names.push_back(prefix + option->long_name());
    message += plugins::did_you_mean(typed.substr(0, typed.find('=')), names);
  }
  return Problem{message, command_line}.text();
}

// `text`, a --join-backend value that does not parse, with everything after each word's
// first '=' written as ***, up to the next unquoted space or the end. The flag is read
// before any plugin is loaded (which plugins, and from where, is what the configuration
// being read says), so which keys are secret is not known yet: every value is masked.
std::string masked_join_backend(std::string_view text) {
  std::string out;
  bool quoted = false;
  bool masking = false;      // inside a value
  bool word_masked = false;  // this word's value is (being) masked
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
      if (!masking) out.append(text.substr(i, 2));
      ++i;
      continue;
    }
    if (c == '"') {
      quoted = !quoted;
      if (!masking) out += c;
      continue;
    }
    if (!quoted && (c == ' ' || c == '\t')) {
      masking = false;
      word_masked = false;
      out += c;
      continue;
    }
    if (masking) continue;
    out += c;
    if (c == '=' && !word_masked) {
      out += "***";
      masking = true;
      word_masked = true;
    }
  }
  return out;
}

}  // namespace

Result<config::BackendChoice> parse_join_backend_flag(const std::string &text) {
  // Split on spaces; double quotes group (and are removed), \" and \\ inside them escape.
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
        word += text[++i];
      } else if (c == '"') {
        quoted = false;
      } else {
        word += c;
      }
    } else if (c == '"') {
      quoted = true;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quoted) {
    return failure({"'--join-backend' has an unterminated quote: " + masked_join_backend(text)});
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty() || words.front().find('=') != std::string::npos) {
    return failure(
        {"'--join-backend' must start with the backend's name, e.g. --join-backend 'serf "
         "rpc_addr=127.0.0.1:7373'"});
  }
  config::BackendChoice choice{.name = words.front(), .keys = {}, .origin = "--join-backend"};
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::size_t equals = words[i].find('=');
    if (equals == std::string::npos || equals == 0) {
      return failure(
          {"'--join-backend' takes key=value pairs after the name, got \"" + words[i] + "\""});
    }
    std::string key = words[i].substr(0, equals);
    if (key == "backend") {
      return failure({"'--join-backend' names the backend first, not with backend="});
    }
    for (const auto &[seen, ignored] : choice.keys) {
      if (seen == key) {
        return failure({"'--join-backend' sets '" + key + "' twice"});
      }
    }
    choice.keys.emplace_back(std::move(key), words[i].substr(equals + 1));
  }
  return choice;
}

namespace {

// Go's boolean flags (Consul's -server, -log-json) take a value only after '=': the
// next argument is never theirs. Boost's implicit values would take it (`discover
// --log-json 'provider=...'` read the provider string as the flag's value, and the
// error quoted it, secrets and all), so such a flag alone gets its "true" here.
Arguments with_explicit_booleans(const Arguments &args, const po::options_description &options) {
  Arguments out;
  bool options_ended = false;
  for (const std::string &arg : args) {
    options_ended = options_ended || arg == "--";
    const std::size_t dashes = arg.rfind("--", 0) == 0 ? 2 : arg.rfind('-', 0) == 0 ? 1 : 0;
    const po::option_description *option =
        options_ended || dashes == 0 || arg.size() == dashes || arg.find('=') != std::string::npos
            ? nullptr
            : options.find_nothrow(arg.substr(dashes), false);
    const bool implicit = option != nullptr && option->semantic()->min_tokens() == 0 &&
                          option->semantic()->max_tokens() > 0;
    out.push_back(implicit ? arg + "=true" : arg);
  }
  return out;
}

}  // namespace

ParsedRunOptions parse_run_options(const Arguments &given, const CommandOptions &command) {
  ParsedRunOptions parsed;
  po::options_description all = shared_options(command.groups);
  if (command.own != nullptr) all.add(*command.own);
  po::options_description hidden;
  hidden.add_options()(positional_key, po::value<std::vector<std::string>>());
  po::options_description parseable;
  parseable.add(all).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_key, -1);
  const Arguments args = with_explicit_booleans(given, all);

  // Consul's single-dash long flags (-retry-join) next to the usual ones; no prefix
  // guessing, so a typo is an error rather than some other option.
  const int style =
      (po::command_line_style::default_style & ~po::command_line_style::allow_guessing &
       ~po::command_line_style::allow_sticky) |
      po::command_line_style::allow_long_disguise;
  po::parsed_options options(&parseable);
  try {
    options =
        po::command_line_parser(args).options(parseable).positional(positional).style(style).run();
  } catch (const po::error &error) {
    parsed.errors.push_back(usage_error(error, all));
    return parsed;
  }

  config::Sources sources;
  FlagReader flags(sources, parsed.errors, TypedDashes(given, all));
  RunOptions result;
  po::parsed_options own(&parseable);
  for (const po::basic_option<char> &option : options.options) {
    if (option.string_key == "help") {
      parsed.help = true;
    } else if (option.string_key == positional_key) {
      result.positional.insert(result.positional.end(), option.value.begin(), option.value.end());
    } else if (!flags.read(option)) {
      own.options.push_back(option);
    }
  }
  if (parsed.help) {
    parsed.errors.clear();
    return parsed;
  }
  if (result.positional.size() > command.max_positional) {
    parsed.errors.push_back(Problem{
        "unexpected argument '" + result.positional[command.max_positional] + "'", command_line}
                                .text());
  }
  try {
    po::store(own, result.command_values);
    po::notify(result.command_values);
  } catch (const po::error &error) {
    parsed.errors.push_back(usage_error(error, all));
  }
  if (!parsed.errors.empty()) return parsed;

  sources.paths = config::paths_or_default(std::move(sources.paths));
  config::Loaded loaded = config::load(sources);
  for (const Problem &problem : loaded.problems) parsed.errors.push_back(problem.text());
  if (!loaded.config) return parsed;
  result.config = std::move(*loaded.config);
  result.config_files = std::move(loaded.files);
  result.skipped_keys = std::move(loaded.skipped_keys);
  parsed.options = std::move(result);
  return parsed;
}

std::string run_options_help(OptionGroups groups, const po::options_description *own,
                             std::string_view own_caption) {
  const std::vector<OptionGroup> shared = shared_groups(groups);
  std::vector<po::options_description> options;
  options.reserve(shared.size());
  std::vector<HelpGroup> help;
  if (own != nullptr) help.push_back({own_caption, own});
  for (const OptionGroup &group : shared) {
    help.push_back({group.caption, &options.emplace_back(group.options())});
  }
  return format_option_help(help);
}

}  // namespace joinery::cli
