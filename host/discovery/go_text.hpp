// The parts of Go's text handling that go-discover's provider strings rely on, ported
// rule for rule so that a string means here what it meant to Consul: UTF-8 decoding
// (unicode/utf8), white space (unicode.IsSpace, strings.TrimSpace), printability
// (strconv.IsPrint), and double-quoted literals (strconv.Quote, strconv.Unquote).
// Text is UTF-8 bytes; a "rune" is a code point.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace joinery::discovery::go_text {

// utf8.DecodeRune for the sequence at the start of `s`: its length, with the code point
// in `rune`; 0 for invalid UTF-8 (overlong forms, surrogates, past U+10FFFF, cut short).
std::size_t decode_rune(std::string_view s, char32_t &rune);

// utf8.ValidString.
bool is_valid_utf8(std::string_view s);

// What Go's []rune(s) conversion does to invalid UTF-8: each bad byte becomes U+FFFD.
std::string replace_invalid_utf8(std::string_view s);

// `rune` encoded as UTF-8, appended to `out`.
void append_utf8(std::string &out, char32_t rune);

// unicode.IsSpace.
bool is_space(char32_t rune);

// The length in bytes of the white space rune that starts (ends) `s`, or 0; `s` must
// not be empty.
std::size_t leading_space(std::string_view s);
std::size_t trailing_space(std::string_view s);

// strings.TrimSpace.
std::string_view trim_space(std::string_view s);

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. The table
// behind it is generated at build time from ICU's Unicode data (go_print_table/).
bool is_print(char32_t rune);

// strconv.Quote: `text` in double quotes, printable runes as they are, '"' and '\' and
// everything else escaped (\n and the like, \xNN for other ASCII controls and for
// bytes of invalid UTF-8, \uNNNN in the BMP, \UNNNNNNNN above it).
std::string quote(std::string_view text);

// strconv.Unquote for a double-quoted literal (`s` includes the quotes): the decoded
// text, or nullopt for Go's ErrSyntax. \x and octal escapes give raw bytes, \u and \U
// give UTF-8; \' and a raw newline are errors inside double quotes. An optional, not a
// Result: like strconv.Unquote there is one way to fail and nothing to say about it
// but "not a valid literal"; the caller words it (go-discover's "invalid syntax").
std::optional<std::string> unquote(std::string_view s);

}  // namespace joinery::discovery::go_text
