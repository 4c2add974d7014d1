#include "isolation/isolated_policy.hpp"

#include <system_error>

namespace joinery::plugins {

std::filesystem::path builtin_runner_path() {
  std::error_code error;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  return (executable.parent_path() / JOINERY_RUNNER_RELATIVE_PATH).lexically_normal();
}

std::filesystem::path IsolationPolicy::runner_path() const {
  return runner.empty() ? builtin_runner_path() : runner;
}

}  // namespace joinery::plugins
