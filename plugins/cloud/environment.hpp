// The environment variables a cloud's SDK reads (LINODE_TOKEN, PACKET_URL, SL_API_KEY
// ...), as a provider reads them: from this process, or from a given set in tests.
#pragma once

#include <joinery/plugin.hpp>

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace joinery::cloud {

class Environment {
 public:
  using Variables = std::map<std::string, std::string, std::less<>>;

  static Environment of_this_process();
  explicit Environment(Variables variables) : variables_(std::move(variables)) {}

  // The variable's value; "" when unset.
  [[nodiscard]] std::string get(std::string_view name) const;

  // `key`'s value when set and not empty, else the first variable of `names` that is
  // set and not empty, else "" (go-discover's argsOrEnv, with each SDK's names).
  [[nodiscard]] std::string key_or_variable(const sdk::Config &config, std::string_view key,
                                            std::initializer_list<std::string_view> names) const;

  // key_or_variable's value; throws sdk::Error(invalid_config) when it is empty:
  // "KEY: missing value (nor is A or B set)".
  [[nodiscard]] std::string required_key_or_variable(
      const sdk::Config &config, std::string_view key,
      std::initializer_list<std::string_view> names) const;

 private:
  Environment() = default;
  std::optional<Variables> variables_;  // nullopt: this process's environment
};

}  // namespace joinery::cloud
