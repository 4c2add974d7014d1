// The bytes of one log line as hashicorp/go-hclog v0.12 writes it (the version Consul 1.8
// pins), text or JSON, so that what operators alert on in Consul's log matches
// joinery's. One deliberate difference, in text lines only: hclog writes messages and
// values raw, so a newline in a plugin's message or a server's error forges a line and
// ANSI escapes reach the terminal; joinery escapes them (see hclog_text_line).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "logging/log.hpp"

namespace joinery::logging {

// When a line was written, and the local zone's offset from UTC then (hclog formats
// the time in Go's time.Local).
struct Timestamp {
  std::chrono::system_clock::time_point at;
  std::chrono::seconds utc_offset{0};
};

// `at` in the process's local time zone (TZ, /etc/localtime).
Timestamp local_timestamp(std::chrono::system_clock::time_point at);

// hclog's text line, without the final newline:
//   2020-07-05T16:07:17.259Z [INFO]  agent: Discovered servers: cluster=LAN servers=10.0.0.1
// The time as "2006-01-02T15:04:05.000Z0700"; the level in brackets padded to 7; the
// logger's name and ": "; the message; then, when there are fields, ':' and " key=value"
// for each. A text value is quoted when it holds a space, tab, newline or CR; an empty
// one is written as nothing; an integer in decimal; a duration as Go's
// Duration.String(); a list as "[a, b]", each item quoted as a value would be and the
// list never as a whole. Beyond hclog: control characters (C0, DEL, C1), invalid UTF-8
// and '\' are escaped in the message, the keys and the values (sdk::escape_unprintable),
// and '"' in values, so that no line can be forged or misread.
std::string hclog_text_line(const Timestamp &time, Level level, std::string_view name,
                            std::string_view message, const std::vector<Field> &fields);

// hclog's JSON line, without the final newline: one object with "@level", "@message",
// "@module" and "@timestamp" (time as "2006-01-02T15:04:05.000000Z07:00") and every
// field, keys sorted bytewise and each key once (the last value wins), as Go's
// encoding/json writes a map: text as a string, an integer as a number, a duration as
// its number of nanoseconds (time.Duration is an int64 to encoding/json), a list as an
// array of strings. Strings escaped as encoding/json does (Go 1.14, which Consul 1.8
// was built with): '"', '\', \n, \r, \t short, other controls \u00XX, '<', '>' and
// '&' as \u003c, \u003e, \u0026, U+2028 and U+2029 as \u2028 and \u2029, every byte
// of invalid UTF-8 as \ufffd; everything else as it is.
std::string hclog_json_line(const Timestamp &time, Level level, std::string_view name,
                            std::string_view message, const std::vector<Field> &fields);

}  // namespace joinery::logging
