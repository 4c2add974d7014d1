// A provider's configuration built in a test, as the host hands it to the plugin:
// for unit tests of a plugin's own library, which reads keys through sdk::Config.
#pragma once

#include <joinery/plugin.h>
#include <joinery/sdk/config.hpp>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace joinery::test {

class ProviderConfig {
 public:
  ProviderConfig(std::initializer_list<std::pair<std::string, std::string>> pairs);
  ProviderConfig(const ProviderConfig &) = delete;
  ProviderConfig &operator=(const ProviderConfig &) = delete;

  // Valid while this object lives.
  [[nodiscard]] sdk::Config view() const { return sdk::Config(&config_); }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
  std::vector<joinery_kv> items_;
  joinery_config config_{};
};

}  // namespace joinery::test
