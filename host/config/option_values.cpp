#include "config/option_values.hpp"

#include <joinery/sdk/duration.hpp>

#include "logging/log.hpp"

namespace joinery::config {
namespace {

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

}  // namespace

std::optional<nanoseconds> parse_duration_option(std::string_view name, std::string_view text,
                                                 DurationRule rule, std::string &error) {
  const std::optional<nanoseconds> value = sdk::parse_duration(text);
  const std::string key = "'" + std::string(name) + "'";
  if (!value) {
    error = key + " is not a valid duration: " + quoted(text) +
            " (write it as Go does, e.g. \"300ms\", \"30s\", \"1m30s\", \"2h\")";
    return std::nullopt;
  }
  if (value->count() < 0) {
    error = key + " must not be negative, got " + quoted(text);
    return std::nullopt;
  }
  if (rule == DurationRule::positive && value->count() == 0) {
    error = key + " must be greater than zero, got " + quoted(text);
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> check_retry_max(std::string_view name, std::int64_t value,
                                            std::string &error) {
  if (value < 0) {
    error = "'" + std::string(name) + "' must not be negative (0 means retry forever), got " +
            std::to_string(value);
    return std::nullopt;
  }
  return value;
}

std::optional<Backoff> parse_backoff(std::string_view name, std::string_view text,
                                     std::string &error) {
  if (text == "fixed") return Backoff::fixed;
  if (text == "exponential") return Backoff::exponential;
  error = "'" + std::string(name) + "' must be \"fixed\" or \"exponential\", got " + quoted(text);
  return std::nullopt;
}

std::optional<Isolation> parse_isolation(std::string_view name, std::string_view text,
                                         std::string &error) {
  if (text == "process") return Isolation::process;
  if (text == "in-process") return Isolation::in_process;
  error = "'" + std::string(name) + "' must be \"process\" or \"in-process\", got " + quoted(text);
  return std::nullopt;
}

std::optional<std::string> check_log_level(std::string_view name, std::string_view text,
                                           std::string &error) {
  logging::Level ignored{};
  if (logging::parse_level(text, ignored)) return std::string(text);
  error = "'" + std::string(name) + "' must be one of trace, debug, info, warn, error, off; got " +
          quoted(text);
  return std::nullopt;
}

}  // namespace joinery::config
