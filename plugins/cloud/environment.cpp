#include "environment.hpp"

#include <cstdlib>

namespace joinery::cloud {

Environment Environment::of_this_process() {
  return Environment();
}

std::string Environment::get(std::string_view name) const {
  if (variables_) {
    const auto found = variables_->find(name);
    return found == variables_->end() ? std::string() : found->second;
  }
  const char *value = std::getenv(std::string(name).c_str());
  return value == nullptr ? std::string() : std::string(value);
}

std::string Environment::key_or_variable(const sdk::Config &config, std::string_view key,
                                         std::initializer_list<std::string_view> names) const {
  if (const std::string_view value = config.get_or(key, ""); !value.empty()) {
    return std::string(value);
  }
  for (const std::string_view name : names) {
    if (std::string value = get(name); !value.empty()) {
      return value;
    }
  }
  return {};
}

std::string Environment::required_key_or_variable(
    const sdk::Config &config, std::string_view key,
    std::initializer_list<std::string_view> names) const {
  std::string value = key_or_variable(config, key, names);
  if (value.empty()) {
    std::string message = std::string(key) + ": missing value";
    const char *separator = " (nor is ";
    for (const std::string_view name : names) {
      message += separator + std::string(name);
      separator = " or ";
    }
    throw sdk::Error(sdk::Status::invalid_config, message + (names.size() > 0 ? " set)" : ""));
  }
  return value;
}

}  // namespace joinery::cloud
