// A joinery_config built from key/value pairs, as the host hands one to a plugin,
// for tests that drive a plugin's configuration code directly (header-only; the test
// target links joinery::plugin_api).
#pragma once

#include <joinery/plugin.hpp>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace joinery::test {

class PluginConfig {
 public:
  PluginConfig(std::initializer_list<std::pair<std::string, std::string>> pairs) : pairs_(pairs) {
    for (const auto &[key, value] : pairs_) {
      items_.push_back({sdk::to_c(key), sdk::to_c(value)});
    }
    config_ = {items_.data(), items_.size()};
  }
  PluginConfig(const PluginConfig &) = delete;
  PluginConfig &operator=(const PluginConfig &) = delete;

  [[nodiscard]] const joinery_config *raw() const { return &config_; }
  [[nodiscard]] sdk::Config view() const { return sdk::Config(&config_); }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
  std::vector<joinery_kv> items_;
  joinery_config config_{};
};

}  // namespace joinery::test
