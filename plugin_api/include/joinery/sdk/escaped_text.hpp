// Text from outside (a provider's result, a server's bytes) made safe to quote in a log
// line or an error: nothing in it can end the line, move the cursor, recolour the
// terminal or break a JSON writer. Shared by the host and plugins.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace joinery::sdk {

namespace escaped_text_detail {

inline void append_hex_byte(std::string &out, unsigned char byte) {
  constexpr std::string_view digits = "0123456789abcdef";
  out.append("\\x").push_back(digits[byte >> 4U]);
  out.push_back(digits[byte & 0xfU]);
}

// Length of the valid UTF-8 sequence starting at text[at], or 0 when there is none
// (overlong forms, surrogates and values past U+10FFFF are invalid, as in RFC 3629).
inline std::size_t utf8_sequence_size(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t size = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    size = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    size = 3;
    low = lead == 0xe0 ? 0xa0 : 0x80;
    high = lead == 0xed ? 0x9f : 0xbf;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    size = 4;
    low = lead == 0xf0 ? 0x90 : 0x80;
    high = lead == 0xf4 ? 0x8f : 0xbf;
  } else {
    return 0;
  }
  if (at + size > text.size()) {
    return 0;
  }
  if (byte(at + 1) < low || byte(at + 1) > high) {
    return 0;
  }
  for (std::size_t i = 2; i < size; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xbf) {
      return 0;
    }
  }
  return size;
}

}  // namespace escaped_text_detail

// `text` with every control character (C0, DEL and C1) and every byte that is not part
// of valid UTF-8 written as \xNN, and the backslash as \\, so that an escape cannot be
// mistaken for a raw byte. Printable ASCII and valid UTF-8 stay as they are.
inline std::string escape_unprintable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte == '\\') {
      out.append("\\\\");
      ++at;
    } else if (byte < 0x20 || byte == 0x7f) {
      escaped_text_detail::append_hex_byte(out, byte);
      ++at;
    } else if (byte < 0x80) {
      out.push_back(static_cast<char>(byte));
      ++at;
    } else if (const std::size_t size = escaped_text_detail::utf8_sequence_size(text, at);
               size == 0) {
      escaped_text_detail::append_hex_byte(out, byte);
      ++at;
    } else if (byte == 0xc2 && static_cast<unsigned char>(text[at + 1]) < 0xa0) {
      // U+0080..U+009F: the C1 controls (CSI among them) are escaped like C0.
      escaped_text_detail::append_hex_byte(out, byte);
      escaped_text_detail::append_hex_byte(out, static_cast<unsigned char>(text[at + 1]));
      at += 2;
    } else {
      out.append(text.substr(at, size));
      at += size;
    }
  }
  return out;
}

}  // namespace joinery::sdk
