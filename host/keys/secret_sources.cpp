#include "keys/secret_sources.hpp"

#include <joinery/sdk/masked_text.hpp>
#include <joinery/sdk/regular_file.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>

#include "logging/log.hpp"
#include "problem/result.hpp"

namespace joinery::plugins {
namespace {

constexpr std::string_view file_suffix = "_file";
constexpr std::string_view env_suffix = "_env";

bool declares(const std::vector<KeySpec> &keys, std::string_view name) {
  return std::any_of(keys.begin(), keys.end(),
                     [&](const KeySpec &key) { return key.name == name; });
}

const SecretSource *find_source(const std::vector<SecretSource> &sources, std::string_view name) {
  for (const SecretSource &source : sources) {
    if (source.name == name) return &source;
  }
  return nullptr;
}

// The file's content without its final line break, or why it cannot be read.
Result<std::string> read_secret_file(const std::string &path) {
  sdk::FileText file = sdk::read_regular_file(path, max_secret_file_bytes);
  if (!file) {
    std::string why = std::move(file.error);
    if (why.starts_with("larger than")) why += " (a secret file holds one token or key)";
    return failure({std::move(why)});
  }
  std::string content = std::move(file.text);
  if (content.ends_with('\n')) content.pop_back();
  if (content.ends_with('\r')) content.pop_back();
  return content;
}

// Environment variables already taken out of the environment, by name: a second entry
// naming one gets the value the first read.
struct TakenVariables {
  std::mutex mutex;
  std::map<std::string, std::string, std::less<>> values;
};

TakenVariables &taken_variables() {
  static TakenVariables taken;
  return taken;
}

std::optional<std::string> take_environment_variable(const std::string &name) {
  TakenVariables &taken = taken_variables();
  const std::lock_guard lock(taken.mutex);
  if (const auto found = taken.values.find(name); found != taken.values.end()) {
    return found->second;
  }
  const char *value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  std::string out(value);
  ::unsetenv(name.c_str());
  taken.values.emplace(name, out);
  return out;
}

// The value a KEY_file or KEY_env names (`named`: the path or the variable's name), or
// why it cannot be read.
Result<std::string> read_source(const SecretSource &source, const std::string &named) {
  if (named.empty()) return failure({source.from_file ? "no file named" : "no variable named"});
  if (source.from_file) return read_secret_file(named);
  if (std::optional<std::string> value = take_environment_variable(named)) return std::move(*value);
  return failure({"it is not set"});
}

}  // namespace

std::vector<SecretSource> secret_sources(const std::vector<KeySpec> &keys) {
  std::vector<SecretSource> out;
  for (const KeySpec &key : keys) {
    if (!key.secret) continue;
    for (const bool from_file : {true, false}) {
      std::string name = key.name + std::string(from_file ? file_suffix : env_suffix);
      if (!declares(keys, name)) out.push_back({std::move(name), key.name, from_file});
    }
  }
  return out;
}

std::string secret_source_description(const SecretSource &source) {
  return (source.from_file ? "a file holding " : "an environment variable holding ") +
         source.secret_key + ", read by joinery at start";
}

ResolvedKeys resolve_secret_sources(const std::vector<KeySpec> &keys, const KeyValues &values) {
  const std::vector<SecretSource> sources = secret_sources(keys);
  ResolvedKeys out;
  if (sources.empty()) {
    out.values = values;
    return out;
  }
  std::map<std::string, std::vector<std::string>, std::less<>> given;  // secret key -> names
  for (const auto &[name, value] : values) {
    const SecretSource *source = find_source(sources, name);
    std::vector<std::string> &names = given[source != nullptr ? source->secret_key : name];
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  for (const KeySpec &key : keys) {
    const auto names = given.find(key.name);
    // A repeatable key may come from many places; a single one from one.
    if (!key.secret || key.repeatable || names == given.end() || names->second.size() < 2) {
      continue;
    }
    std::string listed;
    for (const std::string &name : names->second) listed += (listed.empty() ? "" : ", ") + name;
    out.problems.push_back(
        {"key '" + key.name + "' is given more than once (" + listed + "): set one of them"});
  }
  for (const auto &[name, value] : values) {
    const SecretSource *source = find_source(sources, name);
    if (source == nullptr) {
      out.values.emplace_back(name, value);
      continue;
    }
    Result<std::string> read = read_source(*source, value);
    if (!read) {
      out.problems.push_back(
          {"cannot read " + source->secret_key +
               (source->from_file ? " from file " : " from environment variable ") + value + ": " +
               read.error().text(),
           "key '" + name + "'"});
      continue;
    }
    out.values.emplace_back(source->secret_key, std::move(*read));
  }
  return out;
}

void withhold_environment_variables(const KeyValues &values) {
  for (const auto &[name, value] : values) {
    if (name.size() > env_suffix.size() && name.ends_with(env_suffix) && !value.empty()) {
      (void)take_environment_variable(value);
    }
  }
}

std::vector<std::string> register_secrets(const std::vector<KeySpec> &keys,
                                          const KeyValues &values) {
  const std::vector<SecretSource> sources = secret_sources(keys);
  std::vector<std::string> masked;
  for (const auto &[name, value] : values) {
    const auto key = std::find_if(keys.begin(), keys.end(),
                                  [&](const KeySpec &spec) { return spec.name == name; });
    const bool secret = key != keys.end() ? key->secret : find_source(sources, name) == nullptr;
    if (secret) {
      if (std::find(masked.begin(), masked.end(), name) == masked.end()) masked.push_back(name);
      logging::add_secret(value);
      continue;
    }
    for (sdk::UserInfoSpan span = sdk::find_user_info(value); span.at != std::string::npos;
         span = sdk::find_user_info(value, span.at + span.size)) {
      const std::string_view info = std::string_view(value).substr(span.at, span.size);
      const std::size_t colon = info.find(':');
      logging::add_secret(colon == std::string_view::npos ? info : info.substr(colon + 1));
    }
  }
  return masked;
}

}  // namespace joinery::plugins
