// One character of an operator's input, for an error message: 'g' or 'Ü' when it is
// printable, else its bytes as \xNN (sdk::escape_unprintable's rule), so a control
// character or a stray byte can neither break the line nor pass unseen.
#pragma once

#include <joinery/sdk/escaped_text.hpp>

#include <string>
#include <string_view>

namespace joinery::config {

inline std::string quoted_character(std::string_view character) {
  std::string escaped = sdk::escape_unprintable(character);
  if (escaped == character) return "'" + escaped + "'";
  return escaped;
}

}  // namespace joinery::config
