// One mistake in a configuration, with where it was written, so every message can
// name the file, line and column (or the flag) the operator has to fix.
#pragma once

#include <string>
#include <vector>

namespace joinery::config {

struct Problem {
  // "a.toml:3:14", "a.toml" (the file as a whole), "command line", or empty for the
  // rules about the configuration as a whole (Consul's validation rules).
  std::string where;
  // What is wrong; Consul's exact text for its validation rules.
  std::string message;

  // "a.toml:3:14: message", or just the message when `where` is empty.
  [[nodiscard]] std::string text() const {
    return where.empty() ? message : where + ": " + message;
  }
};

using Problems = std::vector<Problem>;

}  // namespace joinery::config
