// Go's strconv.ParseBool and strconv.ParseInt(s, 0, bits), which go-discover's k8s
// provider applies to host_network and to the port annotation: joinery accepts the
// same spellings ("t", "TRUE", "0x1F", "0o17", "1_000", ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace joinery::k8s {

// "1", "t", "T", "TRUE", "true", "True" and their false twins; nullopt otherwise.
std::optional<bool> parse_go_bool(std::string_view text);

struct GoInt {
  std::optional<std::int64_t> value;
  std::string
      error;  // Go's text when value is empty: `strconv.ParseInt: parsing "x": invalid syntax`
};

// Base prefixes 0x, 0o, 0b and a leading 0 (octal), underscores between digits, an
// optional sign; the result must fit a signed `bits`-bit integer.
GoInt parse_go_int(std::string_view text, int bits);

}  // namespace joinery::k8s
