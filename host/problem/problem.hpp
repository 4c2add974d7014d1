// The one error type of the host: a problem an operator (or a plugin's author) has to
// act on, with what is wrong, where it was found, and what to do about it. Every layer
// reports a failure as a Problem, returned through Result (result.hpp); a thrown
// PreparationError (preparation_error.hpp) carries Problems when a whole preparation
// is abandoned.
#pragma once

#include <string>
#include <vector>

namespace joinery {

struct Problem {
  // What is wrong, in words that name what was found and what was expected.
  std::string what;
  // Where: "a.toml:3:14", a file, "command line", a plugin ("provider 'aws'"), or empty
  // when the problem is about the whole (Consul's rules about a configuration).
  std::string where = {};
  // What to do about it ("rebuild it against this joinery's plugin_api"), or empty when
  // `what` says it already or there is nothing the reader can do.
  std::string remedy = {};

  // "where: what; remedy", each part only when it is there: the form every message,
  // log line and refusal uses.
  [[nodiscard]] std::string text() const {
    return where.empty() ? reason() : where + ": " + reason();
  }

  // "what; remedy": the text under a heading, or beside a field, that names `where`
  // already ("refused <file>:\n  <reason>", {"file": ..., "reason": ...}).
  [[nodiscard]] std::string reason() const { return remedy.empty() ? what : what + "; " + remedy; }

  friend bool operator==(const Problem &, const Problem &) = default;
};

using Problems = std::vector<Problem>;

}  // namespace joinery
