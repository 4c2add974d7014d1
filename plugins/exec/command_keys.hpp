// The keys the exec backend and the exec provider share: what to run, and for how long.
#pragma once

#include <joinery/plugin.hpp>

namespace joinery::exec {

inline constexpr joinery_key command_key = sdk::required(
    "command",
    "the command to run, as an argv (no shell): a string split on whitespace, \"double "
    "quotes\" grouping words, or a JSON array of strings");

constexpr joinery_key timeout_key(const char *default_value) {
  return sdk::optional("timeout", default_value,
                       "kill the command (its whole process group) after this long",
                       JOINERY_KEY_DURATION);
}

}  // namespace joinery::exec
