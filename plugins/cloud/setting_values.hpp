// The kinds of values the REST clouds' keys take: one of a fixed set (an address
// type), and an API endpoint that a key or an SDK's environment variable overrides.
#pragma once

#include <joinery/plugin.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace joinery::cloud {

// The index of `key`'s value in `allowed`; 0 (the default) when unset or empty.
// Throws sdk::Error(invalid_config) naming the key and the allowed values.
std::size_t one_of(const sdk::Config &config, std::string_view key,
                   std::initializer_list<std::string_view> allowed);

// `url` (from `origin`: a key or variable name) without trailing slashes; `fallback`
// when empty. Throws sdk::Error(invalid_config) naming `origin` unless it is http(s).
std::string endpoint_url(std::string url, std::string_view origin, std::string_view fallback);

}  // namespace joinery::cloud
