// How a C++ provider or backend describes itself: name, summary, help and keys.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>

#include <cstddef>

namespace joinery::sdk {

// Key descriptions, written as constexpr arrays in the plugin:
//   static constexpr joinery_key keys[] = {
//       joinery::sdk::required("name", "the DNS name to look up"),
//       joinery::sdk::optional("port", "", "port appended to every address",
//                              JOINERY_KEY_INTEGER),
//       joinery::sdk::secret("api_token", "the API token")};
constexpr joinery_key required(const char *name, const char *description,
                               joinery_key_type type = JOINERY_KEY_STRING) {
  return {name, type, JOINERY_KEY_REQUIRED, nullptr, description};
}
constexpr joinery_key optional(const char *name, const char *default_value, const char *description,
                               joinery_key_type type = JOINERY_KEY_STRING) {
  return {name, type, 0, default_value, description};
}
constexpr joinery_key secret(const char *name, const char *description, bool is_required = false) {
  return {name, JOINERY_KEY_STRING, JOINERY_KEY_SECRET | (is_required ? JOINERY_KEY_REQUIRED : 0u),
          nullptr, description};
}

// What a provider or backend class declares as `static constexpr Description description`.
struct Description {
  const char *name;
  const char *summary;
  const char *help;  // may be nullptr
  const joinery_key *keys;
  std::size_t key_count;
};

// Builds a Description from a keys array without spelling its size.
template <std::size_t N>
constexpr Description describe(const char *name, const char *summary, const char *help,
                               const joinery_key (&keys)[N]) {
  return {name, summary, help, keys, N};
}
constexpr Description describe(const char *name, const char *summary, const char *help) {
  return {name, summary, help, nullptr, 0};
}

}  // namespace joinery::sdk
