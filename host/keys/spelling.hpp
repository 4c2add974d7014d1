// "Did you mean ...?" for misspelt names: plugin keys, and the configuration's option
// and key names (config and cli use it too), one rule for all.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::plugins {

// The candidate closest to `word` by edit distance (an insertion, deletion,
// substitution or swap of neighbours counts 1), if close enough to be a likely typo:
// at most 2 edits, and fewer than half of the longer name's length.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string> &candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string> &candidates);

}  // namespace joinery::plugins
