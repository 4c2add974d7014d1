#include "config/toml_reader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "config/consul_keys.hpp"
#include "config/document_reader.hpp"
#include "config/option_values.hpp"
#include "config/quoted_character.hpp"
#include "config/toml_unicode_check.hpp"
#include "keys/spelling.hpp"

namespace joinery::config {
namespace {

// "a string", "an integer", ...: what the operator wrote, for wrong-type messages.
std::string describe(const toml::node &node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

struct KeyAndNode {
  const toml::key &key;
  const toml::node &node;
};

// toml++ keeps a table's keys sorted by name; messages and backend keys should come
// in the order they were written.
std::vector<KeyAndNode> in_document_order(const toml::table &table) {
  std::vector<std::pair<const toml::key *, const toml::node *>> entries;
  for (auto &&[key, node] : table) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
    const toml::source_position &x = a.first->source().begin;
    const toml::source_position &y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  std::vector<KeyAndNode> ordered;
  for (const auto &[key, node] : entries) ordered.push_back({*key, *node});
  return ordered;
}

// Reads the tables of one document, keeping every valid value and one problem per
// mistake, each at the line and column of the key or value at fault.
class DocumentReader {
 public:
  DocumentReader(const std::string &name, const std::filesystem::path &base_dir,
                 const ReadRules &rules, Problems &problems)
      : name_(name), base_dir_(base_dir), rules_(rules), problems_(problems) {}

  Layer read(const toml::table &root) {
    read_table("", root, top_level_options());
    return std::move(layer_);
  }

 private:
  using Handler = std::function<void(const std::string &path, const toml::node &)>;
  struct Option {
    std::string name;
    Handler read;
  };

  [[nodiscard]] std::string where(const toml::source_region &region) const {
    if (region.begin.line == 0) return name_;  // made from JSON: no position
    return name_ + ":" + std::to_string(region.begin.line) + ":" +
           std::to_string(region.begin.column);
  }

  void report(const toml::source_region &region, std::string message) {
    report(region, Problem{std::move(message)});
  }

  void report(const toml::source_region &region, Problem problem) {
    problem.where = where(region);
    problems_.push_back(std::move(problem));
  }

  // The value `checked` holds, or nullopt with its problem reported at `region`.
  template <class T>
  std::optional<T> value_or_report(Result<T> checked, const toml::source_region &region) {
    if (checked) return std::move(*checked);
    report(region, std::move(checked.error()));
    return std::nullopt;
  }

  void wrong_type(const std::string &path, const toml::node &node, const std::string &expected) {
    report(node.source(), "'" + path + "' must be " + expected + ", not " + describe(node));
  }

  // Dispatches every key of `table` to its option; an unknown key is a problem at the
  // key, with the closest known name.
  void read_table(const std::string &prefix, const toml::table &table,
                  const std::vector<Option> &options) {
    for (auto &&[key, node] : in_document_order(table)) {
      const std::string name(key.str());
      const std::string path = prefix.empty() ? name : prefix + "." + name;
      bool known = false;
      for (const Option &option : options) {
        if (option.name == name) {
          option.read(path, node);
          known = true;
          break;
        }
      }
      if (known && prefix.empty()) ++layer_.keys_read;
      if (!known && rules_.skip_consul_keys && is_consul_only_key(path)) {
        layer_.skipped_keys.push_back(path);
        continue;
      }
      if (!known) {
        std::vector<std::string> names;
        for (const Option &option : options) {
          names.push_back(prefix.empty() ? option.name : prefix + "." + option.name);
        }
        report(key.source(),
               "unknown key '" + path + "'" +
                   (is_consul_only_key(path)
                        ? " (a Consul agent setting joinery does not read: --skip-consul-keys "
                          "skips such keys)"
                        : plugins::did_you_mean(path, names)));
      }
    }
  }

  std::vector<Option> top_level_options() {
    return {
        {"datacenter", string_into(layer_.datacenter)},
        {"primary_datacenter", string_into(layer_.primary_datacenter)},
        {"node_name", string_into(layer_.node_name)},
        {"server", bool_into(layer_.server)},
        {"connect",
         [this](const std::string &path, const toml::node &node) {
           table_of(path, node,
                    {{"enabled", bool_into(layer_.connect_enabled)},
                     {"enable_mesh_gateway_wan_federation",
                      bool_into(layer_.mesh_gateway_wan_federation)}});
         }},
        {"retry_join", entries_into(layer_.retry_join)},
        {"retry_join_wan", entries_into(layer_.retry_join_wan)},
        {"start_join_wan", entries_into(layer_.start_join_wan)},
        {"primary_gateways", entries_into(layer_.primary_gateways)},
        {"retry_max", retry_max_into(layer_.retry_max)},
        {"retry_max_wan", retry_max_into(layer_.retry_max_wan)},
        {"retry_interval", duration_into(layer_.retry_interval, DurationRule::not_negative)},
        {"retry_interval_wan",
         duration_into(layer_.retry_interval_wan, DurationRule::not_negative)},
        {"primary_gateways_interval",
         duration_into(layer_.primary_gateways_interval, DurationRule::not_negative)},
        {"plugin_dirs",
         [this](const std::string &path, const toml::node &node) { read_plugin_dirs(path, node); }},
        {"plugin_sha256",
         [this](const std::string &path, const toml::node &node) { read_sha256_pins(path, node); }},
        {"discovery_timeout", duration_into(layer_.discovery_timeout, DurationRule::positive)},
        {"join_timeout", duration_into(layer_.join_timeout, DurationRule::positive)},
        {"isolate_plugins", bool_into(layer_.isolate_plugins)},
        {"plugins",
         [this](const std::string &path, const toml::node &node) { read_plugins(path, node); }},
        {"retry_backoff",
         [this](const std::string &path, const toml::node &node) {
           if (!node.is_string()) return wrong_type(path, node, "\"fixed\" or \"exponential\"");
           layer_.retry_backoff =
               value_or_report(parse_backoff(path, node.as_string()->get()), node.source());
         }},
        {"retry_interval_max", duration_into(layer_.retry_interval_max, DurationRule::positive)},
        {"log_level",
         [this](const std::string &path, const toml::node &node) {
           if (!node.is_string()) return wrong_type(path, node, "a string");
           layer_.log_level =
               value_or_report(check_log_level(path, node.as_string()->get()), node.source());
         }},
        {"log_json", bool_into(layer_.log_json)},
        {"systemd_notify", bool_into(layer_.systemd_notify)},
        {"join",
         [this](const std::string &path, const toml::node &node) {
           table_of(path, node,
                    {{"lan", backend_into(layer_.lan_backend)},
                     {"wan", backend_into(layer_.wan_backend)}});
         }},
    };
  }

  void table_of(const std::string &path, const toml::node &node,
                const std::vector<Option> &options) {
    if (!node.is_table()) return wrong_type(path, node, "a table");
    read_table(path, *node.as_table(), options);
  }

  Handler string_into(std::optional<std::string> &target) {
    return [this, &target](const std::string &path, const toml::node &node) {
      if (!node.is_string()) return wrong_type(path, node, "a string");
      target = node.as_string()->get();
    };
  }

  Handler bool_into(std::optional<bool> &target) {
    return [this, &target](const std::string &path, const toml::node &node) {
      if (!node.is_boolean()) return wrong_type(path, node, "a boolean");
      target = node.as_boolean()->get();
    };
  }

  Handler retry_max_into(std::optional<std::int64_t> &target) {
    return [this, &target](const std::string &path, const toml::node &node) {
      if (!node.is_integer()) return wrong_type(path, node, "an integer");
      target = value_or_report(check_retry_max(path, node.as_integer()->get()), node.source());
    };
  }

  Handler duration_into(std::optional<nanoseconds> &target, DurationRule rule) {
    return [this, &target, rule](const std::string &path, const toml::node &node) {
      if (!node.is_string()) return wrong_type(path, node, "a duration string such as \"30s\"");
      target = value_or_report(parse_duration_option(path, node.as_string()->get(), rule),
                               node.source());
    };
  }

  // An array of non-empty strings; calls `take` with each and its node.
  void for_each_string(const std::string &path, const toml::node &node,
                       const std::function<void(const std::string &, const toml::node &)> &take) {
    if (!node.is_array()) return wrong_type(path, node, "an array of strings");
    for (const toml::node &element : *node.as_array()) {
      if (!element.is_string()) {
        report(element.source(),
               "'" + path + "' entries must be strings, not " + describe(element));
        continue;
      }
      const std::string &text = element.as_string()->get();
      if (text.empty()) {
        report(element.source(), "'" + path + "' entries must not be empty");
        continue;
      }
      take(text, element);
    }
  }

  Handler entries_into(std::vector<Entry> &target) {
    return [this, &target](const std::string &path, const toml::node &node) {
      for_each_string(path, node, [this, &target](const std::string &text, const toml::node &at) {
        target.push_back({text, Origin{where(at.source())}});
      });
    };
  }

  void read_plugin_dirs(const std::string &path, const toml::node &node) {
    for_each_string(path, node, [this](const std::string &text, const toml::node &) {
      const std::filesystem::path dir(text);
      layer_.plugin_dirs.push_back(dir.is_absolute() ? dir : base_dir_ / dir);
    });
  }

  // [plugins.NAME]: how the provider or backend NAME runs.
  void read_plugins(const std::string &path, const toml::node &node) {
    if (!node.is_table()) return wrong_type(path, node, "a table of plugin names ([plugins.NAME])");
    for (auto &&[key, value] : in_document_order(*node.as_table())) {
      const std::string name(key.str());
      table_of(path + "." + name, value,
               {{"isolation", [this, name](const std::string &key_path, const toml::node &at) {
                   if (!at.is_string()) {
                     return wrong_type(key_path, at, "\"process\" or \"in-process\"");
                   }
                   if (auto isolation = value_or_report(
                           parse_isolation(key_path, at.as_string()->get()), at.source())) {
                     layer_.plugin_isolation[name] = *isolation;
                   }
                 }}});
    }
  }

  // plugin_sha256 = { joinery-dns = "<64 hex digits>" }: a plugin file (by its name
  // without .so) and the SHA-256 it must have.
  void read_sha256_pins(const std::string &path, const toml::node &node) {
    if (!node.is_table()) {
      return wrong_type(path, node, "a table of plugin file names and their SHA-256 hashes");
    }
    for (auto &&[key, value] : in_document_order(*node.as_table())) {
      const std::string name(key.str());
      const std::string key_path = path + "." + name;
      if (name.empty() || name.find('/') != std::string::npos ||
          std::filesystem::path(name).extension() == ".so") {
        report(key.source(), "'" + key_path +
                                 "' must name a plugin file without its directory and .so, e.g. "
                                 "joinery-dns for the file joinery-dns.so");
        continue;
      }
      if (!value.is_string()) {
        wrong_type(key_path, value, "a SHA-256 hash string (64 hex digits, as sha256sum prints)");
        continue;
      }
      std::string hex = value.as_string()->get();
      if (!plugins::is_sha256_hex(hex)) {
        const std::size_t bad = hex.find_first_not_of("0123456789abcdefABCDEF");
        report(value.source(),
               "'" + key_path +
                   "' must be a SHA-256 hash, 64 hex digits as sha256sum prints "
                   "it; got " +
                   (hex.size() != 64 || bad == std::string::npos
                        ? std::to_string(hex.size()) + " characters"
                        : "a character that is not a hex digit at position " +
                              std::to_string(bad + 1) + ": " +
                              quoted_character(std::string_view(hex).substr(bad, 1))));
        continue;
      }
      std::transform(hex.begin(), hex.end(), hex.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      layer_.plugin_sha256[name] = {std::move(hex), where(value.source())};
    }
  }

  // [join.lan] / [join.wan]: `backend = "NAME"` and the backend's own keys, whose
  // values are handed to the plugin as strings.
  Handler backend_into(std::optional<BackendChoice> &target) {
    return [this, &target](const std::string &path, const toml::node &node) {
      if (!node.is_table()) return wrong_type(path, node, "a table");
      BackendChoice choice;
      choice.origin = where(node.source());
      for (auto &&[key, value] : in_document_order(*node.as_table())) {
        const std::string name(key.str());
        const std::string key_path = path + "." + name;
        if (name == "backend") {
          if (!value.is_string()) {
            wrong_type(key_path, value, "a string");
          } else if (value.as_string()->get().empty()) {
            report(value.source(), "'" + key_path + "' must name a join backend, got \"\"");
          } else {
            choice.name = value.as_string()->get();
          }
          continue;
        }
        for (std::string &text : backend_values(key_path, value)) {
          choice.keys.emplace_back(name, std::move(text));
        }
      }
      target = std::move(choice);
    };
  }

  // A backend key's values as the plugin receives them (plugin.h, joinery_config):
  // strings as they are, booleans "true"/"false", integers in decimal, and an array of
  // strings as one value per element, so no element's commas or spaces are lost.
  std::vector<std::string> backend_values(const std::string &path, const toml::node &node) {
    if (node.is_string()) return {node.as_string()->get()};
    if (node.is_boolean()) return {node.as_boolean()->get() ? "true" : "false"};
    if (node.is_integer()) return {std::to_string(node.as_integer()->get())};
    if (node.is_array()) {
      std::vector<std::string> values;
      bool valid = true;
      for (const toml::node &element : *node.as_array()) {
        if (!element.is_string()) {
          report(element.source(),
                 "'" + path + "' entries must be strings, not " + describe(element));
          valid = false;
          continue;
        }
        values.push_back(element.as_string()->get());
      }
      return valid ? values : std::vector<std::string>{};
    }
    wrong_type(path, node, "a string, boolean, integer or array of strings");
    return {};
  }

  const std::string &name_;
  const std::filesystem::path &base_dir_;
  const ReadRules &rules_;
  Problems &problems_;
  Layer layer_;
};

}  // namespace

Layer read_document(const toml::table &root, const std::string &name,
                    const std::filesystem::path &base_dir, const ReadRules &rules,
                    Problems &problems) {
  return DocumentReader(name, base_dir, rules, problems).read(root);
}

Layer read_toml(std::string_view text, const std::string &name,
                const std::filesystem::path &base_dir, Problems &problems, const ReadRules &rules) {
  if (Result<> readable = check_toml_unicode(text, name); !readable) {
    problems.push_back(std::move(readable.error()));
    return {};
  }
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error &error) {
    const toml::source_position &at = error.source().begin;
    problems.push_back({"TOML syntax error: " + std::string(error.description()),
                        name + ":" + std::to_string(at.line) + ":" + std::to_string(at.column)});
    return {};
  }
  return read_document(root, name, base_dir, rules, problems);
}

}  // namespace joinery::config
