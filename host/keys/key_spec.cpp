#include "keys/key_spec.hpp"

#include <joinery/sdk/duration.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>

#include "keys/secret_sources.hpp"
#include "keys/spelling.hpp"
#include "keys/word_wrap.hpp"
#include "problem/result.hpp"

namespace joinery::plugins {
namespace {

const KeySpec *find_key(const std::vector<KeySpec> &keys, std::string_view name) {
  for (const KeySpec &key : keys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::string unknown_key_message(const std::vector<KeySpec> &keys, const std::string &name) {
  std::vector<std::string> names;
  for (const KeySpec &key : keys) names.push_back(key.name);
  if (const std::string hint = did_you_mean(name, names); !hint.empty()) {
    return "unknown key '" + name + "'" + hint;
  }
  if (keys.empty()) {
    return "unknown key '" + name + "' (this plugin takes no keys)";
  }
  std::string known;
  for (const std::string &key : names) known.append(known.empty() ? "" : ", ").append(key);
  return "unknown key '" + name + "' (known keys: " + known + ")";
}

bool is_integer(std::string_view value) {
  std::int64_t parsed = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  return error == std::errc{} && end == value.data() + value.size();
}

// Whether `value` fits `key`'s type; the problem (at the key) never echoes a secret.
Result<> check_type(const KeySpec &key, std::string_view value) {
  if (value.empty()) {
    return {};  // an empty value means "unset" to the SDK's typed getters
  }
  const std::string shown = key.secret ? "the value" : "\"" + std::string(value) + "\"";
  const std::string where = "key '" + key.name + "'";
  switch (key.type) {
    case JOINERY_KEY_BOOL:
      if (value != "true" && value != "false") {
        return failure({shown + " is not true or false", where});
      }
      break;
    case JOINERY_KEY_INTEGER:
      if (!is_integer(value)) return failure({shown + " is not an integer", where});
      break;
    case JOINERY_KEY_DURATION: {
      const auto parsed = sdk::parse_duration(value);
      if (!parsed || parsed->count() < 0) {
        return failure({shown + " is not a duration (examples: 500ms, 5s, 1m30s)", where});
      }
      break;
    }
    default:  // strings, and types of a newer ABI, which the plugin checks itself
      break;
  }
  return {};
}

}  // namespace

std::string key_type_name(joinery_key_type type) {
  switch (type) {
    case JOINERY_KEY_BOOL:
      return "bool";
    case JOINERY_KEY_INTEGER:
      return "integer";
    case JOINERY_KEY_DURATION:
      return "duration";
    default:
      return "string";
  }
}

std::vector<KeySpec> key_specs(const joinery_key *keys, std::size_t count) {
  std::vector<KeySpec> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const joinery_key &key = keys[i];
    KeySpec spec;
    spec.name = key.name;
    spec.type = key.type;
    spec.required = (key.flags & JOINERY_KEY_REQUIRED) != 0;
    spec.secret = (key.flags & JOINERY_KEY_SECRET) != 0;
    spec.repeatable = (key.flags & JOINERY_KEY_REPEATABLE) != 0;
    if (key.default_value != nullptr) spec.default_value = key.default_value;
    spec.description = key.description != nullptr ? key.description : "";
    out.push_back(std::move(spec));
  }
  return out;
}

Problems check_keys(const std::vector<KeySpec> &keys, const KeyValues &values) {
  Problems problems;
  std::size_t unreported = 0;
  const auto add = [&](auto &&make_message) {
    if (problems.size() < max_key_problems) {
      problems.push_back({make_message()});
    } else {
      ++unreported;  // counted, not built: each message is quoted with the whole entry
    }
  };
  // Not a structured binding: clang 14 (fuzz/run's compiler) cannot capture one.
  for (const auto &entry : values) {
    const std::string &name = entry.first;
    const std::string &value = entry.second;
    const KeySpec *key = find_key(keys, name);
    if (key == nullptr) {
      add([&] { return unknown_key_message(keys, name); });
      continue;
    }
    if (key->required && value.empty()) {
      add([&] { return "key '" + name + "' is required but empty"; });
      continue;
    }
    if (const Result<> typed = check_type(*key, value); !typed) {
      add([&] { return typed.error().text(); });
    }
  }
  for (const KeySpec &key : keys) {
    const bool given = std::any_of(values.begin(), values.end(),
                                   [&](const auto &kv) { return kv.first == key.name; });
    if (key.required && !given) {
      add([&] { return "missing required key '" + key.name + "' (" + key.description + ")"; });
    }
  }
  if (unreported > 0) {
    problems.push_back({"and " + std::to_string(unreported) + " more problem" +
                        (unreported == 1 ? "" : "s") + " with its keys (only the first " +
                        std::to_string(max_key_problems) + " are listed)"});
  }
  return problems;
}

KeyValues with_defaults(const std::vector<KeySpec> &keys, const KeyValues &values) {
  KeyValues out = values;
  for (const KeySpec &key : keys) {
    const bool given = std::any_of(values.begin(), values.end(),
                                   [&](const auto &kv) { return kv.first == key.name; });
    if (!given && key.default_value) {
      out.emplace_back(key.name, *key.default_value);
    }
  }
  return out;
}

std::string key_attributes(const KeySpec &key) {
  std::string out = key_type_name(key.type);
  if (key.required) out += ", required";
  if (key.secret) out += ", secret";
  if (key.default_value && !key.default_value->empty()) out += ", default " + *key.default_value;
  return out;
}

std::string format_key_help(const std::vector<KeySpec> &keys, std::size_t width) {
  // Narrower than this, a description starts on a line of its own.
  constexpr std::size_t min_description_width = 24;
  constexpr std::size_t own_line_indent = 6;
  // Each secret key is followed by the KEY_file and KEY_env the host reads it from.
  struct Row {
    std::string name, attributes, description;
  };
  const std::vector<SecretSource> sources = secret_sources(keys);
  std::vector<Row> rows;
  for (const KeySpec &key : keys) {
    rows.push_back({key.name, key_attributes(key), key.description});
    for (const SecretSource &source : sources) {
      if (source.secret_key == key.name) {
        rows.push_back({source.name, "string", secret_source_description(source)});
      }
    }
  }
  std::size_t name_width = 0;
  std::size_t attribute_width = 0;
  for (const Row &row : rows) {
    name_width = std::max(name_width, row.name.size());
    attribute_width = std::max(attribute_width, row.attributes.size());
  }
  const std::size_t column = 2 + name_width + 2 + attribute_width + 2;
  const bool own_line = column + min_description_width > width;
  const std::size_t description_column = own_line ? own_line_indent : column;
  const std::size_t description_width =
      width > description_column ? width - description_column : min_description_width;
  std::string out;
  for (const Row &row : rows) {
    std::string line = "  " + row.name;
    line.append(name_width - row.name.size() + 2, ' ').append(row.attributes);
    for (const std::string &part : wrap_words(row.description, description_width)) {
      if (own_line || line.size() > description_column) {
        out.append(line).append("\n");
        line.clear();
      }
      line.resize(description_column, ' ');
      line.append(part);
    }
    out.append(line).append("\n");
  }
  return out;
}

}  // namespace joinery::plugins
