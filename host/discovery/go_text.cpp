// Go's text rules, ported from the Go standard library's documented behaviour: the
// functions keep Go's names so that each can be checked against its Go counterpart.
#include "discovery/go_text.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace joinery::discovery::go_text {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";  // U+FFFD

struct RuneRange {
  char32_t first;
  char32_t last;
};

// Every range of runes strconv.IsPrint accepts, in order (generated at build time).
constexpr RuneRange printable_ranges[] = {
#include "go_print_ranges.inc"
};

// True when no byte has its high bit set (a loop the compiler vectorises).
bool is_ascii(std::string_view s) {
  unsigned char any = 0;
  for (const char c : s) {
    any |= static_cast<unsigned char>(c);
  }
  return any < 0x80;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_hex(std::string &out, std::uint32_t value, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += hex[(value >> shift) & 0xF];
  }
}

}  // namespace

std::size_t decode_rune(std::string_view s, char32_t &rune) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    rune = b0;
    return 1;
  }
  std::size_t length = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    rune = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    rune = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    rune = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < length) {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      return 0;
    }
    rune = (rune << 6) | (byte(i) & 0x3F);
  }
  if (rune < min || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) {
    return 0;
  }
  return length;
}

bool is_valid_utf8(std::string_view s) {
  if (is_ascii(s)) {
    return true;  // the common case, checked many bytes at a time
  }
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t rune = 0;
    const std::size_t length = decode_rune(s.substr(i), rune);
    if (length == 0) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string replace_invalid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t rune = 0;
    const std::size_t length = decode_rune(s.substr(i), rune);
    if (length == 0) {
      out += replacement_character;
      ++i;
    } else {
      out.append(s.substr(i, length));
      i += length;
    }
  }
  return out;
}

void append_utf8(std::string &out, char32_t rune) {
  if (rune < 0x80) {
    out += static_cast<char>(rune);
  } else if (rune < 0x800) {
    out += static_cast<char>(0xC0 | (rune >> 6));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  } else if (rune < 0x10000) {
    out += static_cast<char>(0xE0 | (rune >> 12));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (rune >> 18));
    out += static_cast<char>(0x80 | ((rune >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  }
}

bool is_space(char32_t rune) {
  switch (rune) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return rune >= 0x2000 && rune <= 0x200A;
  }
}

std::size_t leading_space(std::string_view s) {
  if (const auto first = static_cast<unsigned char>(s.front()); first < 0x80) {
    return is_space(first) ? 1 : 0;  // ASCII, the common case: nothing to decode
  }
  char32_t rune = 0;
  const std::size_t length = decode_rune(s, rune);
  return length != 0 && is_space(rune) ? length : 0;
}

std::size_t trailing_space(std::string_view s) {
  if (const auto last = static_cast<unsigned char>(s.back()); last < 0x80) {
    return is_space(last) ? 1 : 0;  // ASCII, the common case: nothing to decode
  }
  std::size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 &&
         (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  char32_t rune = 0;
  const std::size_t length = decode_rune(s.substr(start), rune);
  return length == s.size() - start && is_space(rune) ? length : 0;
}

std::string_view trim_space(std::string_view s) {
  while (!s.empty()) {
    const std::size_t n = leading_space(s);
    if (n == 0) {
      break;
    }
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    const std::size_t n = trailing_space(s);
    if (n == 0) {
      break;
    }
    s.remove_suffix(n);
  }
  return s;
}

std::optional<std::string> unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
    return std::nullopt;
  }
  s = s.substr(1, s.size() - 2);
  if (s.find_first_of("\\\n\"") == std::string_view::npos) {
    return std::string(s);
  }
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n' || c == '"') {
      return std::nullopt;
    }
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) {
      return std::nullopt;
    }
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case 'x':
      case 'u':
      case 'U': {
        const std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (s.size() - i < digits) {
          return std::nullopt;
        }
        char32_t value = 0;
        for (std::size_t d = 0; d < digits; ++d) {
          const int h = hex_value(s[i + d]);
          if (h < 0) {
            return std::nullopt;
          }
          value = (value << 4) | static_cast<char32_t>(h);
        }
        i += digits;
        if (e == 'x') {
          out += static_cast<char>(value);
          break;
        }
        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
          return std::nullopt;
        }
        append_utf8(out, value);
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        if (s.size() - i < 2) {
          return std::nullopt;
        }
        unsigned value = static_cast<unsigned>(e - '0');
        for (std::size_t d = 0; d < 2; ++d) {
          const char o = s[i + d];
          if (o < '0' || o > '7') {
            return std::nullopt;
          }
          value = value * 8 + static_cast<unsigned>(o - '0');
        }
        if (value > 255) {
          return std::nullopt;
        }
        i += 2;
        out += static_cast<char>(value);
        break;
      }
      default:
        return std::nullopt;  // includes \' (only valid inside single quotes)
    }
  }
  return out;
}

bool is_print(char32_t rune) {
  if (rune < 0x80) {
    return rune >= 0x20 && rune < 0x7F;  // the common case, without a search
  }
  const auto *after =
      std::upper_bound(std::begin(printable_ranges), std::end(printable_ranges), rune,
                       [](char32_t r, const RuneRange &range) { return r < range.first; });
  return after != std::begin(printable_ranges) && rune <= std::prev(after)->last;
}

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t rune = 0;
    const std::size_t length = decode_rune(text.substr(i), rune);
    if (length == 0) {
      out += "\\x";  // a byte of invalid UTF-8
      append_hex(out, static_cast<unsigned char>(text[i]), 2);
      ++i;
      continue;
    }
    if (rune == '"' || rune == '\\') {
      out += '\\';
      out += static_cast<char>(rune);
    } else if (is_print(rune)) {
      out.append(text.substr(i, length));
    } else {
      switch (rune) {
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\v':
          out += "\\v";
          break;
        default:
          if (rune < 0x20 || rune == 0x7F) {
            out += "\\x";
            append_hex(out, rune, 2);
          } else if (rune < 0x10000) {
            out += "\\u";
            append_hex(out, rune, 4);
          } else {
            out += "\\U";
            append_hex(out, rune, 8);
          }
      }
    }
    i += length;
  }
  out += '"';
  return out;
}

}  // namespace joinery::discovery::go_text
