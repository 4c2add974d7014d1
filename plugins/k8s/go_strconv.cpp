#include "go_strconv.hpp"

#include <cctype>

namespace joinery::k8s {
namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Go's underscoreOK: underscores only separate digits (or a base prefix and a digit).
bool underscores_ok(std::string_view s) {
  char saw = '^';
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    s.remove_prefix(1);
  }
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') {
        return false;
      }
      saw = '_';
      continue;
    }
    if (saw == '_') {
      return false;
    }
    saw = '!';
  }
  return saw != '_';
}

GoInt failure(std::string_view text, const char *why) {
  return {std::nullopt, "strconv.ParseInt: parsing \"" + std::string(text) + "\": " + why};
}

}  // namespace

std::optional<bool> parse_go_bool(std::string_view text) {
  if (text == "1" || text == "t" || text == "T" || text == "TRUE" || text == "true" ||
      text == "True") {
    return true;
  }
  if (text == "0" || text == "f" || text == "F" || text == "FALSE" || text == "false" ||
      text == "False") {
    return false;
  }
  return std::nullopt;
}

GoInt parse_go_int(std::string_view text, int bits) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) {
    return failure(text, "invalid syntax");
  }
  int base = 10;
  if (s[0] == '0') {
    if (s.size() >= 3 && lower(s[1]) == 'x') {
      base = 16;
      s.remove_prefix(2);
    } else if (s.size() >= 3 && lower(s[1]) == 'o') {
      base = 8;
      s.remove_prefix(2);
    } else if (s.size() >= 3 && lower(s[1]) == 'b') {
      base = 2;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  const std::uint64_t limit = std::uint64_t{1} << (bits - 1);  // |min|; max is limit - 1
  std::uint64_t value = 0;
  bool underscores = false;
  bool out_of_range = false;
  for (const char c : s) {
    int digit = 0;
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (lower(c) >= 'a' && lower(c) <= 'z') {
      digit = lower(c) - 'a' + 10;
    } else {
      return failure(text, "invalid syntax");
    }
    if (digit >= base) {
      return failure(text, "invalid syntax");
    }
    if (!out_of_range) {
      const auto b = static_cast<std::uint64_t>(base);
      const auto d = static_cast<std::uint64_t>(digit);
      out_of_range = value > (limit - d) / b;
      value = value * b + d;
    }
  }
  if (underscores && !underscores_ok(text)) {
    return failure(text, "invalid syntax");
  }
  if (out_of_range || (!negative && value == limit)) {
    return failure(text, "value out of range");
  }
  return {negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value), {}};
}

}  // namespace joinery::k8s
