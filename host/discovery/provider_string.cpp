// A port of go-discover's config.go (parse, lex, String); the Go text rules it relies on
// (strconv's Unquote and Quote, strings.TrimSpace, UTF-8) are in go_text. The lexer keeps
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

#include "discovery/go_text.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

namespace joinery::discovery {
namespace {

using plugins::KeyValues;

// strconv.ErrSyntax's text.
constexpr std::string_view invalid_syntax = "invalid syntax";

// go-discover's lexer items.
enum class Item { text, equal, error };

struct Token {
  Item item;
  std::size_t consumed;   // bytes of input the token used
  std::string_view text;  // the text or error message; may point into `scratch`
};

// The token of the quoted literal that makes up the first `consumed` bytes of the
// input: its text, decoded into `scratch`, or go-discover's error when Go's
// strconv.Unquote refuses it.
Token quoted_text(std::string_view literal, std::size_t consumed, std::string &scratch) {
  std::optional<std::string> text = go_text::unquote(literal);
  if (!text) return {Item::error, consumed, invalid_syntax};
  scratch = std::move(*text);
  return {Item::text, consumed, scratch};
}

// go-discover's lex(): the next token of `s`. Unquoted text is a view into `s`; quoted
// text is decoded into `scratch`, which the next call overwrites.
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
          return {Item::text, i, go_text::trim_space(s.substr(0, i))};
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
        return quoted_text(go_text::trim_space(s.substr(0, i)), i, scratch);
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
      return quoted_text(go_text::trim_space(s), s.size(), scratch);
    default:
      return {Item::text, s.size(), go_text::trim_space(s)};
  }
}

bool has_key(const KeyValues &pairs, std::string_view key) {
  return std::any_of(pairs.begin(), pairs.end(),
                     [&](const auto &pair) { return pair.first == key; });
}

// go-discover quotes what holds a space, '"' or '\\'; joinery also what would not read
// back as itself ('=', an empty key) and what Go's strconv.Quote would escape (invalid
// UTF-8 and every rune that is not printable: controls, white space other than ' ',
// invisible format characters, private use, unassigned), so none reaches a log unseen.
bool needs_quotes(std::string_view text, bool is_key) {
  if (text.empty()) {
    return is_key;
  }
  for (std::size_t i = 0; i < text.size();) {
    char32_t rune = 0;
    const std::size_t length = go_text::decode_rune(text.substr(i), rune);
    if (length == 0 || rune == ' ' || rune == '"' || rune == '\\' || rune == '=' ||
        !go_text::is_print(rune)) {
      return true;
    }
    i += length;
  }
  return false;
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

Result<KeyValues> parse_pairs(std::string_view text) {
  KeyValues out;
  std::string sanitized;
  if (!go_text::is_valid_utf8(text)) {
    sanitized = go_text::replace_invalid_utf8(text);
    text = sanitized;
  }
  std::string_view rest = go_text::trim_space(text);
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
            return failure({key + ": duplicate key"});
          }
          state = State::equal;
        } else if (token.text.empty()) {
          return failure({key + ": - equals in key's value, enclosing double-quote needed " + key +
                          "=\"value-with-=-symbol\""});
        } else {
          return failure({key + ": error with key=value pair " + std::string(token.text)});
        }
        break;
      case State::equal:
        if (token.item != Item::equal) {
          return failure({key + ": missing '='"});
        }
        state = State::value;
        break;
      case State::value:
        if (token.item == Item::text) {
          out.emplace_back(key, token.text);  // `key` stays: later messages name it
          state = State::key;
        } else if (token.item == Item::error) {
          return failure({key + ": " + std::string(token.text)});
        } else {
          return failure({key + ": missing value"});
        }
        break;
    }
  }
  if (state == State::equal) {
    return failure({key + ": missing '='"});
  }
  if (state == State::value) {
    return failure({key + ": missing value"});
  }
  return out;
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

Result<ProviderString> parse_provider_string(std::string_view text) {
  Result<KeyValues> pairs = parse_pairs(text);
  if (!pairs) {
    pairs.error().what.insert(0, "discover: ");
    return failure(std::move(pairs.error()));
  }
  ProviderString out = split_provider(std::move(*pairs));
  if (out.provider.empty()) return failure({"discover: no provider"});
  return out;
}

std::string unknown_provider_message(std::string_view name) {
  return "discover: unknown provider " + std::string(name);
}

std::string quote_if_needed(std::string_view text, bool is_key) {
  return needs_quotes(text, is_key) ? go_text::quote(text) : std::string(text);
}

std::string format_canonical(const ProviderString &entry) {
  return format(entry, nullptr);
}

std::string format_masked(const ProviderString &entry,
                          const std::vector<std::string> &secret_keys) {
  return format(entry, &secret_keys);
}

}  // namespace joinery::discovery
