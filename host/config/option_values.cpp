#include "config/option_values.hpp"

#include <joinery/sdk/duration.hpp>

#include "logging/log.hpp"

namespace joinery::config {
namespace {

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

}  // namespace

Result<nanoseconds> parse_duration_option(std::string_view name, std::string_view text,
                                          DurationRule rule) {
  const std::optional<nanoseconds> value = sdk::parse_duration(text);
  const std::string key = "'" + std::string(name) + "'";
  if (!value) {
    // The example is part of `what`: it follows in parentheses, not after "; ".
    return failure({key + " is not a valid duration: " + quoted(text) +
                    " (write it as Go does, e.g. \"300ms\", \"30s\", \"1m30s\", \"2h\")"});
  }
  if (value->count() < 0) return failure({key + " must not be negative, got " + quoted(text)});
  if (rule == DurationRule::positive && value->count() == 0) {
    return failure({key + " must be greater than zero, got " + quoted(text)});
  }
  return *value;
}

Result<std::int64_t> check_retry_max(std::string_view name, std::int64_t value) {
  if (value < 0) {
    return failure({"'" + std::string(name) +
                    "' must not be negative (0 means retry forever), got " +
                    std::to_string(value)});
  }
  return value;
}

Result<Backoff> parse_backoff(std::string_view name, std::string_view text) {
  if (text == "fixed") return Backoff::fixed;
  if (text == "exponential") return Backoff::exponential;
  return failure(
      {"'" + std::string(name) + "' must be \"fixed\" or \"exponential\", got " + quoted(text)});
}

Result<Isolation> parse_isolation(std::string_view name, std::string_view text) {
  if (text == "process") return Isolation::process;
  if (text == "in-process") return Isolation::in_process;
  return failure(
      {"'" + std::string(name) + "' must be \"process\" or \"in-process\", got " + quoted(text)});
}

Result<std::string> check_log_level(std::string_view name, std::string_view text) {
  if (logging::parse_level(text)) return std::string(text);
  return failure({"'" + std::string(name) +
                  "' must be one of trace, debug, info, warn, error, off; got " + quoted(text)});
}

}  // namespace joinery::config
