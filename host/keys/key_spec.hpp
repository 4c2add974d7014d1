// A provider's or backend's key descriptions, copied out of the plugin's tables into
// host types, and the checks the host runs with them before the first attempt.
#pragma once

#include <joinery/plugin.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "problem/problem.hpp"

namespace joinery::plugins {

struct KeySpec {
  std::string name;
  joinery_key_type type = JOINERY_KEY_STRING;
  bool required = false;
  bool secret = false;
  std::optional<std::string> default_value;
  std::string description;
  bool repeatable = false;
};

// Copies a plugin's key descriptions (checked by abi_check first) into host types.
std::vector<KeySpec> key_specs(const joinery_key *keys, std::size_t count);

// The configured keys of one entry or backend, in the order written.
using KeyValues = std::vector<std::pair<std::string, std::string>>;

// Checks `values` against `keys`: unknown keys (with a did-you-mean), missing
// required keys, values of the wrong type. Returns one Problem per mistake, its `what`
// naming the key, e.g. "unknown key 'nmae' (did you mean 'name'?)", its `where` left to
// the caller (the entry or the backend the keys belong to). At most
// max_key_problems of them, then one line counting the rest: every line is reported with
// the whole entry, so 8,000 unknown keys once made 632 MB of stderr.
inline constexpr std::size_t max_key_problems = 10;
Problems check_keys(const std::vector<KeySpec> &keys, const KeyValues &values);

// `values` with the declared defaults added for absent keys.
KeyValues with_defaults(const std::vector<KeySpec> &keys, const KeyValues &values);

// Multi-line help: one line per key with its flags, type, default and description,
// the descriptions wrapped so that no line is longer than `width` (callers indent it
// by two more, to 80 columns).
std::string format_key_help(const std::vector<KeySpec> &keys, std::size_t width = 78);

// "string", "integer, required", "duration, default 5s", "string, secret": a key's
// type and flags in words, as help and `joinery plugins` print them.
std::string key_attributes(const KeySpec &key);

// "string", "bool", "integer" or "duration" (a type of a newer ABI reads "string").
std::string key_type_name(joinery_key_type type);

}  // namespace joinery::plugins
