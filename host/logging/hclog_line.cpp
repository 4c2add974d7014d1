// Each rule below names the place in go-hclog v0.12's intlogger.go (as vendored in
// Consul 1.8) or Go's library that it follows.
#include "logging/hclog_line.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <cstdio>
#include <ctime>
#include <map>

namespace joinery::logging {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::seconds;

// _levelToBracket.
std::string_view level_bracket(Level level) {
  switch (level) {
    case Level::trace:
      return "[TRACE]";
    case Level::debug:
      return "[DEBUG]";
    case Level::info:
      return "[INFO] ";
    case Level::warn:
      return "[WARN] ";
    case Level::error:
      return "[ERROR]";
    case Level::off:
      break;
  }
  return "[?????]";
}

// jsonMapEntry's @level.
std::string_view level_name(Level level) {
  switch (level) {
    case Level::trace:
      return "trace";
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
    case Level::off:
      break;
  }
  return "all";
}

// Go's time.Format with "2006-01-02T15:04:05" followed by `fraction_digits` digits of
// the second (cut, not rounded, as Go does) and the zone: "Z" for UTC, else the offset
// as -0700 (text lines) or -07:00 (JSON lines).
std::string format_time(const Timestamp &time, int fraction_digits, bool zone_colon) {
  const auto local = time.at + time.utc_offset;
  const auto whole = std::chrono::floor<seconds>(local);
  const auto micros = duration_cast<microseconds>(local - whole).count();
  const std::time_t since_epoch = std::chrono::system_clock::to_time_t(whole);
  std::tm fields{};
  gmtime_r(&since_epoch, &fields);
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &fields);
  const long fraction =
      fraction_digits == 3 ? static_cast<long>(micros / 1000) : static_cast<long>(micros);
  n += static_cast<std::size_t>(
      std::snprintf(buffer + n, sizeof buffer - n, ".%0*ld", fraction_digits, fraction));
  const auto offset = time.utc_offset.count();
  if (offset == 0) {
    std::snprintf(buffer + n, sizeof buffer - n, "Z");
  } else {
    const long minutes = (offset < 0 ? -offset : offset) / 60;
    std::snprintf(buffer + n, sizeof buffer - n, zone_colon ? "%c%02ld:%02ld" : "%c%02ld%02ld",
                  offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
  }
  return buffer;
}

// What joinery adds to hclog: nothing in a value can end the line, move the cursor or
// close the quotes.
std::string escaped_value(std::string_view value) {
  std::string out;
  const std::string unprintable_escaped = sdk::escape_unprintable(value);
  out.reserve(unprintable_escaped.size());
  for (const char c : unprintable_escaped) {
    if (c == '"') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// logPlain's rule for a value (and renderSlice's for each item): quoted when it holds
// a space, \t, \n or \r; written as it is otherwise, so an empty value is nothing.
void append_text_value(std::string &out, std::string_view value) {
  const bool quoted = value.find_first_of(" \t\n\r") != std::string_view::npos;
  if (quoted) out += '"';
  out += escaped_value(value);
  if (quoted) out += '"';
}

// encoding/json's encodeState.string with HTML escaping on (json.NewEncoder's default).
void append_json_string(std::string &out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      if (byte >= 0x20 && byte != '"' && byte != '\\' && byte != '<' && byte != '>' &&
          byte != '&') {
        out += static_cast<char>(byte);
      } else if (byte == '"' || byte == '\\') {
        out += '\\';
        out += static_cast<char>(byte);
      } else if (byte == '\n') {
        out += "\\n";
      } else if (byte == '\r') {
        out += "\\r";
      } else if (byte == '\t') {
        out += "\\t";
      } else {
        out += "\\u00";
        out += hex[byte >> 4U];
        out += hex[byte & 0xFU];
      }
      continue;
    }
    const std::size_t size = sdk::escaped_text_detail::utf8_sequence_size(text, i);
    if (size == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const std::string_view sequence = text.substr(i, size);
    if (sequence == "\xE2\x80\xA8") {
      out += "\\u2028";
    } else if (sequence == "\xE2\x80\xA9") {
      out += "\\u2029";
    } else {
      out += sequence;
    }
    i += size;
  }
  out += '"';
}

}  // namespace

Timestamp local_timestamp(std::chrono::system_clock::time_point at) {
  const std::time_t seconds_since_epoch = std::chrono::system_clock::to_time_t(at);
  std::tm local{};
  localtime_r(&seconds_since_epoch, &local);
  return {at, seconds(local.tm_gmtoff)};
}

std::string hclog_text_line(const Timestamp &time, Level level, std::string_view name,
                            std::string_view message, const std::vector<Field> &fields) {
  // logPlain: time, ' ', bracket, ' ' (no caller), "name: ", message.
  std::string line = format_time(time, 3, false);
  line.append(" ").append(level_bracket(level)).append(" ");
  if (!name.empty()) {
    line.append(name).append(": ");
  }
  line += sdk::escape_unprintable(message);
  if (fields.empty()) {
    return line;
  }
  line += ':';
  for (const Field &field : fields) {
    line.append(" ").append(sdk::escape_unprintable(field.key)).append("=");
    if (field.kind != Field::Kind::list) {
      append_text_value(line, field.value);  // strconv.FormatInt, Duration's %v, strings
      continue;
    }
    // renderSlice: "[", items joined by ", ", "]"; the whole never quoted (raw).
    line += '[';
    for (std::size_t i = 0; i < field.items.size(); ++i) {
      if (i > 0) line += ", ";
      append_text_value(line, field.items[i]);
    }
    line += ']';
  }
  return line;
}

std::string hclog_json_line(const Timestamp &time, Level level, std::string_view name,
                            std::string_view message, const std::vector<Field> &fields) {
  // logJSON puts everything in a map[string]interface{}, which encoding/json writes
  // with its keys sorted; a later field of the same key replaces an earlier one.
  std::map<std::string, std::string, std::less<>> members;
  const auto json_string = [](std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
  };
  members["@level"] = json_string(level_name(level));
  members["@message"] = json_string(message);
  if (!name.empty()) {
    members["@module"] = json_string(name);
  }
  members["@timestamp"] = json_string(format_time(time, 6, true));
  for (const Field &field : fields) {
    std::string value;
    switch (field.kind) {
      case Field::Kind::text:
        value = json_string(field.value);
        break;
      case Field::Kind::integer:
      case Field::Kind::duration:
        value = std::to_string(field.number);
        break;
      case Field::Kind::list:
        value = "[";
        for (std::size_t i = 0; i < field.items.size(); ++i) {
          if (i > 0) value += ',';
          append_json_string(value, field.items[i]);
        }
        value += ']';
        break;
    }
    members.insert_or_assign(field.key, std::move(value));
  }
  std::string line = "{";
  for (const auto &[key, value] : members) {
    if (line.size() > 1) line += ',';
    append_json_string(line, key);
    line.append(":").append(value);
  }
  line += '}';
  return line;
}

}  // namespace joinery::logging
