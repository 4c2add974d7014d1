// A check of a TOML text's non-ASCII characters before toml++ reads it.
//
// toml++ 3.3.0 (Debian 12's) asks is_non_ascii_horizontal_whitespace() about characters
// it meets outside strings, and about a few inside them, and that function reaches
// TOML_UNREACHABLE (__builtin_unreachable: undefined behaviour) for most code points in
// U+00A1..U+0499, U+2C5E..U+3057 (but U+3000) and U+FB26..U+FEFE: `retry_maxÜ = 1` is enough.
// Upstream this is marzer/tomlplusplus#190 and #295, fixed by pull request #305 (July 2026, after
// 3.4.0: the function returns false instead); no configuration macro of 3.3.0 avoids the
// call. So joinery finds every such character first and reports it as a syntax error,
// and toml++ only ever classifies ASCII:
//
// - outside strings and comments (TOML allows nothing but ASCII there);
// - after a backslash in a basic string (no TOML escape is a non-ASCII character);
// - as the first character after a line-ending backslash in a multi-line basic string
//   (valid TOML, but toml++ checks whether it is white space to skip);
// - inside a string glued to a number or date (`a = 1"Ü"`), which toml++ reads ahead
//   over while it decides what the value is;
// - and any byte that is not valid UTF-8.
#pragma once

#include <string>
#include <string_view>

#include "problem/result.hpp"

namespace joinery::config {

// Whether toml++ may read `text`: the first character it must not see is a Problem
// ("TOML syntax error: ...") at `name`:line:column, the column in characters (code
// points) counted from 1, as toml++ counts.
Result<> check_toml_unicode(std::string_view text, const std::string &name);

}  // namespace joinery::config
