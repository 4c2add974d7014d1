// The `command` key of the exec backend and provider: an argv, never a shell line.
//
// Two spellings:
//  - a JSON array of strings: ["nomad", "server", "join"] (what a TOML array
//    `command = ["nomad", "server", "join"]` arrives as);
//  - a plain string, split on whitespace. Double quotes group words with spaces
//    ("my tool" --flag), and inside them \" and \\ stand for " and \. Nothing else is
//    special: no single quotes, variables, globs, pipes or redirections. Write
//    ["sh", "-c", "..."] when a shell is wanted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace joinery::exec {

// Throws sdk::Error(invalid_config) naming the key for an empty command, unterminated
// quotes, a JSON array holding anything but strings, or a lone comma-joined word (a
// TOML array, which the host hands over joined by commas).
std::vector<std::string> parse_command(std::string_view text);

// The argv for messages: words joined with spaces, a word with spaces or quotes
// written in double quotes.
std::string describe_command(const std::vector<std::string> &argv);

}  // namespace joinery::exec
