// The checks one option value goes through whether it comes from a TOML file or a
// flag, so both report the same mistake in the same words. `name` is the option as
// the operator wrote it ("retry_max" in a file, "-retry-max" on the command line).
// Each returns the value, or the Problem without its `where`: the caller knows it
// (the file:line:col, or "command line").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "problem/result.hpp"

namespace joinery::config {

// What a duration may be.
enum class DurationRule {
  not_negative,  // retry intervals: 0 is allowed (Consul allows it)
  positive,      // timeouts and caps: 0 would mean "never wait"
};

// A Go duration string such as "300ms", "30s", "1m30s", "2h".
Result<nanoseconds> parse_duration_option(std::string_view name, std::string_view text,
                                          DurationRule rule);

// retry_max, retry_max_wan: 0 (forever) or more.
Result<std::int64_t> check_retry_max(std::string_view name, std::int64_t value);

// "fixed" or "exponential".
Result<Backoff> parse_backoff(std::string_view name, std::string_view text);

// "process" or "in-process".
Result<Isolation> parse_isolation(std::string_view name, std::string_view text);

// trace, debug, info, warn, error, off.
Result<std::string> check_log_level(std::string_view name, std::string_view text);

}  // namespace joinery::config
