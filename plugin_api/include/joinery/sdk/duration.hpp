// Go duration strings ("300ms", "1m30s", "2h"), as Consul and go-discover write them.
// Shared by the host (configuration) and by plugins (keys of type duration).
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace joinery::sdk {

// Parses a Go duration: an optional sign, then one or more decimal numbers (with an
// optional fraction) each followed by a unit: ns, us, µs, ms, s, m, h. "0" alone is
// allowed. Returns nullopt for anything else, including overflow.
inline std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  using std::chrono::nanoseconds;
  if (text.empty()) {
    return std::nullopt;
  }
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text == "0") {
    return nanoseconds{0};
  }
  if (text.empty()) {
    return std::nullopt;
  }
  struct Unit {
    std::string_view name;
    std::int64_t ns;
  };
  // Longest names first so "ms" is not read as "m".
  constexpr Unit units[] = {{"ns", 1},           {"us", 1000},        {"\xC2\xB5s", 1000},
                            {"\xCE\xBCs", 1000}, {"ms", 1000000},     {"s", 1000000000},
                            {"m", 60000000000},  {"h", 3600000000000}};
  long double total = 0;
  while (!text.empty()) {
    std::size_t digits = 0;
    while (digits < text.size() &&
           ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.')) {
      ++digits;
    }
    const std::string_view number = text.substr(0, digits);
    if (number.empty() || number == "." || number.find('.') != number.rfind('.')) {
      return std::nullopt;
    }
    text.remove_prefix(digits);
    const Unit *unit = nullptr;
    for (const Unit &candidate : units) {
      if (text.substr(0, candidate.name.size()) == candidate.name) {
        unit = &candidate;
        break;
      }
    }
    if (unit == nullptr) {
      return std::nullopt;
    }
    text.remove_prefix(unit->name.size());
    long double value = 0;
    long double scale = 1;
    bool fraction = false;
    for (char c : number) {
      if (c == '.') {
        fraction = true;
        continue;
      }
      if (fraction) {
        scale /= 10;
        value += (c - '0') * scale;
      } else {
        value = value * 10 + (c - '0');
      }
    }
    total += value * static_cast<long double>(unit->ns);
    if (total > static_cast<long double>(INT64_MAX)) {
      return std::nullopt;
    }
  }
  const auto ns = static_cast<std::int64_t>(total);
  return nanoseconds{negative ? -ns : ns};
}

// Formats a duration the way Go's time.Duration.String() does ("30s", "1m30s",
// "300ms", "0s"), so log fields read exactly as Consul's.
inline std::string format_duration(std::chrono::nanoseconds duration) {
  std::int64_t ns = duration.count();
  if (ns == 0) {
    return "0s";
  }
  std::string sign = ns < 0 ? "-" : "";
  std::uint64_t u =
      ns < 0 ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  auto fixed = [](std::uint64_t value, std::uint64_t unit) {
    std::string whole = std::to_string(value / unit);
    std::uint64_t rest = value % unit;
    if (rest == 0) {
      return whole;
    }
    std::string frac;
    for (std::uint64_t place = unit / 10; place > 0 && rest > 0; place /= 10) {
      frac += static_cast<char>('0' + rest / place);
      rest %= place;
    }
    return whole + "." + frac;
  };
  if (u < 1000) {
    return sign + std::to_string(u) + "ns";
  }
  if (u < 1000000) {
    return sign + fixed(u, 1000) + "\xC2\xB5s";
  }
  if (u < 1000000000) {
    return sign + fixed(u, 1000000) + "ms";
  }
  std::string out;
  const std::uint64_t hours = u / 3600000000000ULL;
  u %= 3600000000000ULL;
  const std::uint64_t minutes = u / 60000000000ULL;
  u %= 60000000000ULL;
  if (hours > 0) {
    out += std::to_string(hours) + "h";
  }
  if (hours > 0 || minutes > 0) {
    out += std::to_string(minutes) + "m";
  }
  out += fixed(u, 1000000000) + "s";
  return sign + out;
}

}  // namespace joinery::sdk
