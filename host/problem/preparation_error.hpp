// The one exception of the host: a whole preparation abandoned (a run, a discover or a
// validate that found problems before its first attempt). Everything else returns a
// Result (result.hpp); this is thrown only across the layers that build a run, so that
// every problem is gathered and reported at once, at the command that exits.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "problem/problem.hpp"

namespace joinery {

class PreparationError : public std::runtime_error {
 public:
  // `report` is what() (the whole report for the operator); `problems` are its parts.
  PreparationError(std::string report, Problems problems, bool missing_plugins_only)
      : std::runtime_error(std::move(report)),
        problems_(std::move(problems)),
        missing_plugins_only_(missing_plugins_only) {}

  [[nodiscard]] const Problems &problems() const noexcept { return problems_; }
  // True when every problem is a provider or backend no usable plugin provides: a
  // plugin is missing rather than the configuration wrong (exit 3 rather than 2).
  [[nodiscard]] bool missing_plugins_only() const noexcept { return missing_plugins_only_; }

 private:
  Problems problems_;
  bool missing_plugins_only_;
};

}  // namespace joinery
