// Turning an address file's text into addresses: one per line, or a JSON array of
// strings. Surrounding whitespace is trimmed and duplicates are dropped (the first
// occurrence keeps its place).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "file/file_settings.hpp"

namespace joinery::file {

// The addresses in `text`, read as `format` (FileFormat::detect decides from the text).
// `path` only names the file in errors. Throws sdk::Error(unavailable) naming the file
// (and line or element) when the text is not what the format says.
std::vector<std::string> parse_address_list(std::string_view text, FileFormat format,
                                            std::string_view path);

// What FileFormat::detect chooses: JSON when the first non-blank character is '[' and
// what follows it does not start a bracketed IPv6 address ("[::1]:8301", "[fd00::1]").
FileFormat detect_format(std::string_view text);

}  // namespace joinery::file
