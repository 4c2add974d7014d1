// The C++ view of the keys an operator configured, with typed getters.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/call.hpp>
#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/status.hpp>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::sdk {

// Borrowed for the duration of the call. The host has already checked keys against
// the declared key descriptions (and their types) and filled in defaults, so a
// getter only fails for a value the plugin's own rules reject.
class Config {
 public:
  explicit Config(const joinery_config *config) noexcept : config_(config) {}

  // The value of `key`, or nullopt when the operator did not set it (and it has no default).
  [[nodiscard]] std::optional<std::string_view> get(std::string_view key) const noexcept {
    for (std::size_t i = 0; i < config_->count; ++i) {
      if (from_c(config_->items[i].key) == key) {
        return from_c(config_->items[i].value);
      }
    }
    return std::nullopt;
  }

  [[nodiscard]] std::string_view get_or(std::string_view key,
                                        std::string_view fallback) const noexcept {
    return get(key).value_or(fallback);
  }

  // The value, or an invalid_config Error naming the key.
  [[nodiscard]] std::string_view require(std::string_view key) const {
    if (auto value = get(key); value && !value->empty()) {
      return *value;
    }
    throw Error(Status::invalid_config, std::string(key) + ": missing value");
  }

  [[nodiscard]] bool get_bool(std::string_view key, bool fallback) const {
    const auto value = get(key);
    if (!value || value->empty()) {
      return fallback;
    }
    if (*value == "true") {
      return true;
    }
    if (*value == "false") {
      return false;
    }
    throw Error(Status::invalid_config,
                std::string(key) + ": \"" + std::string(*value) + "\" is not true or false");
  }

  [[nodiscard]] std::int64_t get_int(std::string_view key, std::int64_t fallback) const {
    const auto value = get(key);
    if (!value || value->empty()) {
      return fallback;
    }
    std::int64_t out = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), out);
    if (error != std::errc{} || end != value->data() + value->size()) {
      throw Error(Status::invalid_config,
                  std::string(key) + ": \"" + std::string(*value) + "\" is not an integer");
    }
    return out;
  }

  [[nodiscard]] std::chrono::milliseconds get_duration(std::string_view key,
                                                       std::chrono::milliseconds fallback) const {
    const auto value = get(key);
    if (!value || value->empty()) {
      return fallback;
    }
    const auto parsed = parse_duration(*value);
    if (!parsed || parsed->count() < 0) {
      throw Error(Status::invalid_config, std::string(key) + ": \"" + std::string(*value) +
                                              "\" is not a duration (examples: 500ms, 5s, 1m30s)");
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(*parsed);
  }

  // Every value given for `key`, in order, verbatim: one per element when the operator
  // wrote a list (a TOML array), one for a single value. Empty when not set.
  [[nodiscard]] std::vector<std::string_view> get_all(std::string_view key) const {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < config_->count; ++i) {
      if (from_c(config_->items[i].key) == key) {
        out.push_back(from_c(config_->items[i].value));
      }
    }
    return out;
  }

  // Every value of `key` split at commas into non-empty, trimmed parts: "a,b" and
  // ["a", "b"] both give {"a", "b"}.
  [[nodiscard]] std::vector<std::string_view> get_list(std::string_view key) const {
    std::vector<std::string_view> out;
    for (std::string_view rest : get_all(key)) {
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view part = rest.substr(0, comma);
        while (!part.empty() && part.front() == ' ') {
          part.remove_prefix(1);
        }
        while (!part.empty() && part.back() == ' ') {
          part.remove_suffix(1);
        }
        if (!part.empty()) {
          out.push_back(part);
        }
        if (comma == std::string_view::npos) {
          break;
        }
        rest.remove_prefix(comma + 1);
      }
    }
    return out;
  }

  [[nodiscard]] const joinery_config *raw() const noexcept { return config_; }

 private:
  const joinery_config *config_;
};

}  // namespace joinery::sdk
