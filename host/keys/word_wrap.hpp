// Help text wrapped to a terminal's width, for every --help joinery prints (the
// options of each command, the keys of each plugin): 80 columns, the width of the
// terminals and man pages operators read them in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::plugins {

// The words of `text` (split on spaces and line breaks) as lines of at most `width`
// characters; a longer word gets a line of its own, unbroken. No line has leading or
// trailing spaces.
std::vector<std::string> wrap_words(std::string_view text, std::size_t width);

// `text` with each paragraph (consecutive lines starting with a non-space) that has a
// line longer than `width` wrapped anew; paragraphs that fit, indented lines
// (examples, lists) and blank lines are kept as written. A plugin's help is written
// for no particular width: the host fits it, without touching what already fits
// (configuration examples written at the left margin).
std::string reflow(std::string_view text, std::size_t width);

}  // namespace joinery::plugins
