// joinery's log: Consul-style lines ("... [INFO]  agent: Joining cluster...: cluster=LAN")
// or hclog-style JSON, written through spdlog, with secrets masked in every line.
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::logging {

enum class Level { trace, debug, info, warn, error, off };

// One structured field of a log line, e.g. {"cluster", "LAN"}.
struct Field {
  std::string key;
  std::string value;
};

// Sets the minimum level and the format; the log goes to stderr. Safe to call again.
void configure(Level min_level, bool json);

// Parses "trace", "debug", "info", "warn", "error", "off"; false for anything else.
bool parse_level(std::string_view text, Level &out);

// Registers a secret value: from now on every occurrence in any log line (message or
// field, host's or plugin's) is written as "***". Values shorter than 3 characters
// are not registered (masking them would garble ordinary words).
void add_secret(std::string_view value);

// Replaces every registered secret in `text` with "***".
std::string redact(std::string_view text);

// `time` as RFC 3339 in UTC with milliseconds, "2026-12-03T07:15:00.123Z": the JSON
// log's @timestamp and the run summary's times.
std::string utc_time_text(std::chrono::system_clock::time_point time);

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
