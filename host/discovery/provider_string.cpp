// A port of go-discover's config.go (parse, lex, String) and of the parts of Go's
// strconv (Unquote, Quote) and strings.TrimSpace it relies on. The lexer keeps
// go-discover's states and their quirks on purpose: the messages and the odd corners
// (`"a"b=c` reads as key "a" followed by a stray "b") are what operators' strings were
// written against.
//
// Go works on runes: it first turns the input into []rune, which replaces every byte
// of invalid UTF-8 with U+FFFD. Here the input is scanned as bytes (every character
// the lexer looks at is ASCII, and UTF-8 continuation bytes are never ASCII), after
// the same replacement when the input is not valid UTF-8.
#include "discovery/provider_string.hpp"

#include <joinery/sdk/masked_text.hpp>

#include <algorithm>
#include <cstdint>

namespace joinery::discovery {
namespace {

using plugins::KeyValues;

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 sequence at the start of `s`. Returns its length and stores the
// code point in `rune`, or returns 0 for invalid UTF-8 (Go's utf8.DecodeRune rules:
// no overlong forms, no surrogates, nothing above U+10FFFF).
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

// True when no byte has its high bit set (a loop the compiler vectorises).
bool is_ascii(std::string_view s) {
  unsigned char any = 0;
  for (const char c : s) {
    any |= static_cast<unsigned char>(c);
  }
  return any < 0x80;
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

// What Go's []rune(s) conversion does to invalid UTF-8: each bad byte becomes U+FFFD.
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

// Go's unicode.IsSpace.
bool is_go_space(char32_t rune) {
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

// The length of the white space rune starting at `s`, or 0.
std::size_t leading_space(std::string_view s) {
  if (const auto first = static_cast<unsigned char>(s.front()); first < 0x80) {
    return is_go_space(first) ? 1 : 0;  // ASCII, the common case: nothing to decode
  }
  char32_t rune = 0;
  const std::size_t length = decode_rune(s, rune);
  return length != 0 && is_go_space(rune) ? length : 0;
}

// The length of the white space rune ending `s`, or 0.
std::size_t trailing_space(std::string_view s) {
  if (const auto last = static_cast<unsigned char>(s.back()); last < 0x80) {
    return is_go_space(last) ? 1 : 0;  // ASCII, the common case: nothing to decode
  }
  std::size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 &&
         (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  char32_t rune = 0;
  const std::size_t length = decode_rune(s.substr(start), rune);
  return length == s.size() - start && is_go_space(rune) ? length : 0;
}

// Go's strings.TrimSpace.
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

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's strconv.Unquote for a double-quoted literal (`s` includes the quotes). Appends
// the decoded text to `out`; false is Go's ErrSyntax. \x and octal escapes give raw
// bytes, \u and \U give UTF-8; \' is an error inside double quotes; a raw newline is
// an error.
bool unquote(std::string_view s, std::string &out) {
  out.clear();
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
    return false;
  }
  s = s.substr(1, s.size() - 2);
  if (s.find_first_of("\\\n\"") == std::string_view::npos) {
    out.assign(s);
    return true;
  }
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n' || c == '"') {
      return false;
    }
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) {
      return false;
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
          return false;
        }
        char32_t value = 0;
        for (std::size_t d = 0; d < digits; ++d) {
          const int h = hex_value(s[i + d]);
          if (h < 0) {
            return false;
          }
          value = (value << 4) | static_cast<char32_t>(h);
        }
        i += digits;
        if (e == 'x') {
          out += static_cast<char>(value);
          break;
        }
        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
          return false;
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
          return false;
        }
        unsigned value = static_cast<unsigned>(e - '0');
        for (std::size_t d = 0; d < 2; ++d) {
          const char o = s[i + d];
          if (o < '0' || o > '7') {
            return false;
          }
          value = value * 8 + static_cast<unsigned>(o - '0');
        }
        if (value > 255) {
          return false;
        }
        i += 2;
        out += static_cast<char>(value);
        break;
      }
      default:
        return false;  // includes \' (only valid inside single quotes)
    }
  }
  return true;
}

// strconv.ErrSyntax's text.
constexpr std::string_view invalid_syntax = "invalid syntax";

// go-discover's lexer items.
enum class Item { text, equal, error };

struct Token {
  Item item;
  std::size_t consumed;   // bytes of input the token used
  std::string_view text;  // the text or error message; may point into `scratch`
};

// go-discover's lex(): the next token of `s`. Unquoted text is a view into `s`; quoted
// text is decoded into `scratch`, which the next call reuses.
Token lex(std::string_view s, std::string &scratch) {
  enum class State { start, equal, text, qtext, qtext_end, qtext_esc };
  State state = State::start;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char r = s[i];
    switch (state) {
      case State::start:
        if (r == ' ') {
          break;
        }
        state = r == '=' ? State::equal : r == '"' ? State::qtext : State::text;
        break;
      case State::equal:
        return {Item::equal, i, {}};
      case State::text:
        if (r == '=' || r == ' ') {
          return {Item::text, i, trim_space(s.substr(0, i))};
        }
        break;
      case State::qtext:
        if (r == '"') {
          state = State::qtext_end;
        } else if (r == '\\') {
          state = State::qtext_esc;
        }
        break;
      case State::qtext_esc:
        state = State::qtext;
        break;
      case State::qtext_end:
        if (!unquote(trim_space(s.substr(0, i)), scratch)) {
          return {Item::error, i, invalid_syntax};
        }
        return {Item::text, i, scratch};
    }
  }
  switch (state) {
    case State::equal:
      return {Item::equal, s.size(), {}};
    case State::qtext:
      return {Item::error, s.size(), "unbalanced quotes"};
    case State::qtext_esc:
      return {Item::error, s.size(), "unterminated escape sequence"};
    case State::qtext_end:
      if (!unquote(trim_space(s), scratch)) {
        return {Item::error, s.size(), invalid_syntax};
      }
      return {Item::text, s.size(), scratch};
    default:
      return {Item::text, s.size(), trim_space(s)};
  }
}

bool has_key(const KeyValues &pairs, std::string_view key) {
  return std::any_of(pairs.begin(), pairs.end(),
                     [&](const auto &pair) { return pair.first == key; });
}

bool needs_quotes(std::string_view text, bool is_key) {
  if (text.empty()) {
    return is_key;
  }
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '"' || c == '\\' || c == '=' || u < 0x20 || u == 0x7F) {
      return true;
    }
  }
  return leading_space(text) != 0 || trailing_space(text) != 0 || !is_valid_utf8(text);
}

// Runes Go's strconv.Quote would escape beyond the ASCII controls: C1 controls, white
// space other than ' ', and invisible format characters (bidi overrides, BOM).
bool escape_rune(char32_t rune) {
  return (rune >= 0x80 && rune <= 0x9F) || is_go_space(rune) ||
         (rune >= 0x200B && rune <= 0x200F) || (rune >= 0x202A && rune <= 0x202E) ||
         (rune >= 0x2066 && rune <= 0x2069) || rune == 0xFEFF;
}

void append_hex(std::string &out, std::uint32_t value, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += hex[(value >> shift) & 0xF];
  }
}

// Go's strconv.Quote.
std::string go_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      ++i;
      switch (c) {
        case '"':
          out += "\\\"";
          continue;
        case '\\':
          out += "\\\\";
          continue;
        case '\a':
          out += "\\a";
          continue;
        case '\b':
          out += "\\b";
          continue;
        case '\f':
          out += "\\f";
          continue;
        case '\n':
          out += "\\n";
          continue;
        case '\r':
          out += "\\r";
          continue;
        case '\t':
          out += "\\t";
          continue;
        case '\v':
          out += "\\v";
          continue;
        default:
          break;
      }
      if (u < 0x20 || u == 0x7F) {
        out += "\\x";
        append_hex(out, u, 2);
      } else {
        out += c;
      }
      continue;
    }
    char32_t rune = 0;
    const std::size_t length = decode_rune(text.substr(i), rune);
    if (length == 0) {
      out += "\\x";
      append_hex(out, u, 2);
      ++i;
      continue;
    }
    if (escape_rune(rune)) {
      out += "\\u";
      append_hex(out, rune, 4);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  out += '"';
  return out;
}

std::string format(const ProviderString &entry, const std::vector<std::string> *secret_keys) {
  std::vector<const std::pair<std::string, std::string> *> sorted;
  sorted.reserve(entry.keys.size());
  for (const auto &pair : entry.keys) {
    if (!pair.second.empty()) {
      sorted.push_back(&pair);
    }
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto *a, const auto *b) { return a->first < b->first; });
  std::string out;
  if (!entry.provider.empty()) {
    out += "provider=";
    out += quote_if_needed(entry.provider, false);
  }
  for (const auto *pair : sorted) {
    if (!out.empty()) {
      out += ' ';
    }
    out += quote_if_needed(pair->first, true);
    out += '=';
    const bool secret =
        secret_keys != nullptr &&
        std::find(secret_keys->begin(), secret_keys->end(), pair->first) != secret_keys->end();
    // A URL's password is a secret whichever key holds the URL (http's url=).
    out += secret                   ? std::string("***")
           : secret_keys != nullptr ? quote_if_needed(sdk::mask_url_user_info(pair->second), false)
                                    : quote_if_needed(pair->second, false);
  }
  return out;
}

}  // namespace

bool parse_pairs(std::string_view text, KeyValues &out, std::string &error) {
  out.clear();
  std::string sanitized;
  if (!is_valid_utf8(text)) {
    sanitized = replace_invalid_utf8(text);
    text = sanitized;
  }
  std::string_view rest = trim_space(text);
  // One allocation for the pairs: there are at most as many as '=' signs.
  out.reserve(static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '=')));
  enum class State { key, equal, value };
  State state = State::key;
  std::string key;
  std::string scratch;
  while (!rest.empty()) {
    const Token token = lex(rest, scratch);
    rest.remove_prefix(token.consumed);
    switch (state) {
      case State::key:
        if (token.item == Item::text) {
          key.assign(token.text);
          if (has_key(out, key)) {
            error = key + ": duplicate key";
            return false;
          }
          state = State::equal;
        } else if (token.text.empty()) {
          error = key + ": - equals in key's value, enclosing double-quote needed " + key +
                  "=\"value-with-=-symbol\"";
          return false;
        } else {
          error = key + ": error with key=value pair " + std::string(token.text);
          return false;
        }
        break;
      case State::equal:
        if (token.item != Item::equal) {
          error = key + ": missing '='";
          return false;
        }
        state = State::value;
        break;
      case State::value:
        if (token.item == Item::text) {
          out.emplace_back(key, token.text);  // `key` stays: later messages name it
          state = State::key;
        } else if (token.item == Item::error) {
          error = key + ": " + std::string(token.text);
          return false;
        } else {
          error = key + ": missing value";
          return false;
        }
        break;
    }
  }
  if (state == State::equal) {
    error = key + ": missing '='";
    return false;
  }
  if (state == State::value) {
    error = key + ": missing value";
    return false;
  }
  return true;
}

ProviderString split_provider(KeyValues pairs) {
  ProviderString out;
  const auto found = std::find_if(pairs.begin(), pairs.end(),
                                  [](const auto &pair) { return pair.first == "provider"; });
  if (found != pairs.end()) {
    out.provider = std::move(found->second);
    pairs.erase(found);
  }
  out.keys = std::move(pairs);
  return out;
}

std::optional<ProviderString> parse_provider_string(std::string_view text, std::string &error) {
  KeyValues pairs;
  if (!parse_pairs(text, pairs, error)) {
    error.insert(0, "discover: ");
    return std::nullopt;
  }
  ProviderString out = split_provider(std::move(pairs));
  if (out.provider.empty()) {
    error = "discover: no provider";
    return std::nullopt;
  }
  return out;
}

std::string unknown_provider_message(std::string_view name) {
  return "discover: unknown provider " + std::string(name);
}

std::string quote_if_needed(std::string_view text, bool is_key) {
  return needs_quotes(text, is_key) ? go_quote(text) : std::string(text);
}

std::string format_canonical(const ProviderString &entry) {
  return format(entry, nullptr);
}

std::string format_masked(const ProviderString &entry,
                          const std::vector<std::string> &secret_keys) {
  return format(entry, &secret_keys);
}

}  // namespace joinery::discovery
