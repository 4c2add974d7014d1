// Why a run could not be prepared: every problem found before the first attempt.
#pragma once

#include <stdexcept>
#include <string>

namespace joinery::join {

// what() is the whole report for the operator.
class PreparationError : public std::runtime_error {
 public:
  PreparationError(std::string report, bool missing_plugins_only)
      : std::runtime_error(std::move(report)), missing_plugins_only_(missing_plugins_only) {}
  // True when every problem is a provider or backend no usable plugin provides: a
  // plugin is missing rather than the configuration wrong (exit 3 rather than 2).
  [[nodiscard]] bool missing_plugins_only() const noexcept { return missing_plugins_only_; }

 private:
  bool missing_plugins_only_;
};

}  // namespace joinery::join
