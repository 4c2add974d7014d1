// Result<T>: a T, or the Problem that stopped it. The host's one way to return a
// failure: no reason-or-empty strings, no bool or optional beside an error
// out-parameter. It is tl::expected (Debian's libexpected-dev), whose interface is
// C++23's std::expected, so moving to the standard one is this alias alone.
//
//   Result<Digest> file_sha256(const path &file);
//   if (auto digest = file_sha256(file); !digest) log(digest.error().text());
//   Result<> check(...);  // nothing to return on success
//   return failure({"is missing", file.string(), "reinstall it"});
#pragma once

#include <tl/expected.hpp>
#include <utility>

#include "problem/problem.hpp"

namespace joinery {

template <class T = void>
using Result = tl::expected<T, Problem>;

// The failed Result of any T: `return failure(problem);`.
inline tl::unexpected<Problem> failure(Problem problem) {
  return tl::unexpected<Problem>(std::move(problem));
}

}  // namespace joinery
