// The `command` key of the exec backend and provider: an argv, never a shell line.
//
// Three spellings:
//  - a TOML array: command = ["nomad", "server", "join"] (the host hands each element
//    over as its own value: every element is one argument, verbatim);
//  - a JSON array of strings inside a string, e.g. from a provider string or a flag:
//    command='["nomad", "server", "join"]';
//  - a plain string, split on whitespace. Double quotes group words with spaces
//    ("my tool" --flag), and inside them \" and \\ stand for " and \. Nothing else is
//    special: no single quotes, variables, globs, pipes or redirections. Write
//    ["sh", "-c", "..."] when a shell is wanted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace joinery::exec {

// `values` are every value of the key (sdk::Config::get_all). Throws
// sdk::Error(invalid_config) naming the key for an empty command, unterminated quotes
// or a JSON array holding anything but strings.
std::vector<std::string> parse_command(const std::vector<std::string_view> &values);

// The argv for messages: words joined with spaces, a word with spaces or quotes
// written in double quotes.
std::string describe_command(const std::vector<std::string> &argv);

}  // namespace joinery::exec
