// joinery's log: Consul's lines ("... [INFO]  agent: Joining cluster...: cluster=LAN")
// or hclog's JSON, byte for byte as hclog v0.12 writes them (logging/hclog_line.hpp),
// written through spdlog, with secrets masked and control characters escaped in every
// line.
#pragma once

#include <joinery/sdk/duration.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::logging {

enum class Level { trace, debug, info, warn, error, off };

// One structured field of a log line, e.g. {"cluster", "LAN"}. Its kind stands for the
// Go type Consul passes, which decides how hclog writes it (logging/hclog_line.hpp):
// text (a string or an error), integer (an int: a JSON number), duration (a
// time.Duration: "30s" in text, nanoseconds in JSON), list (a []string: "[a, b]" in
// text, an array in JSON).
struct Field {
  enum class Kind { text, integer, duration, list };

  Field(std::string key_, std::string value_) : key(std::move(key_)), value(std::move(value_)) {}
  Field(std::string key_, const char *value_) : Field(std::move(key_), std::string(value_)) {}
  Field(std::string key_, std::string_view value_) : Field(std::move(key_), std::string(value_)) {}
  template <std::integral Number>
  requires(!std::same_as<Number, bool> && !std::same_as<Number, char>)
      Field(std::string key_, Number number_)
      : key(std::move(key_)),
        kind(Kind::integer),
        value(std::to_string(number_)),
        number(static_cast<std::int64_t>(number_)) {}
  Field(std::string key_, std::chrono::nanoseconds duration)
      : key(std::move(key_)),
        kind(Kind::duration),
        value(sdk::format_duration(duration)),
        number(duration.count()) {}
  Field(std::string key_, std::vector<std::string> items_)
      : key(std::move(key_)), kind(Kind::list), items(std::move(items_)) {}

  std::string key;
  Kind kind = Kind::text;
  std::string value;               // the text; for an integer or a duration, how it reads
  std::int64_t number = 0;         // an integer; a duration in nanoseconds
  std::vector<std::string> items;  // a list
};

// Sets the minimum level and the format; the log goes to stderr. Safe to call again.
void configure(Level min_level, bool json);

// Parses "trace", "debug", "info", "warn", "error", "off"; nullopt for anything else.
std::optional<Level> parse_level(std::string_view text);

// Registers a secret value: from now on every occurrence in any log line (message or
// field, host's or plugin's) is written as "***". Values shorter than 3 characters
// are not registered (masking them would garble ordinary words).
void add_secret(std::string_view value);

// Replaces every registered secret in `text` with "***".
std::string redact(std::string_view text);

// Hands every line that passes the level filter to `forwarder` instead of writing it
// (unmasked and unformatted): the plugin runner sends its plugin's lines to joinery,
// which writes them. An empty function restores writing to stderr.
using Forwarder = std::function<void(Level level, std::string_view subsystem,
                                     std::string_view message, const std::vector<Field> &fields)>;
void forward_lines(Forwarder forwarder);

// Writes one line: `subsystem` is Consul's logger name ("agent", "agent.plugin.dns").
void write(Level level, std::string_view subsystem, std::string_view message,
           const std::vector<Field> &fields = {});

inline void info(std::string_view subsystem, std::string_view message,
                 const std::vector<Field> &fields = {}) {
  write(Level::info, subsystem, message, fields);
}
inline void warn(std::string_view subsystem, std::string_view message,
                 const std::vector<Field> &fields = {}) {
  write(Level::warn, subsystem, message, fields);
}
inline void error(std::string_view subsystem, std::string_view message,
                  const std::vector<Field> &fields = {}) {
  write(Level::error, subsystem, message, fields);
}
inline void debug(std::string_view subsystem, std::string_view message,
                  const std::vector<Field> &fields = {}) {
  write(Level::debug, subsystem, message, fields);
}

}  // namespace joinery::logging
