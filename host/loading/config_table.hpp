// The C view (joinery_config) of configured keys, for handing to a plugin call. It
// borrows the strings of the KeyValues it was made from: keep those alive and
// unchanged while the table is in use.
#pragma once

#include <joinery/plugin.h>

#include <vector>

#include "keys/key_spec.hpp"

namespace joinery::plugins {

class ConfigTable {
 public:
  explicit ConfigTable(const KeyValues &values) {
    items_.reserve(values.size());
    for (const auto &[key, value] : values) {
      items_.push_back({{key.data(), key.size()}, {value.data(), value.size()}});
    }
    config_ = {items_.data(), items_.size()};
  }
  ConfigTable(const ConfigTable &) = delete;
  ConfigTable &operator=(const ConfigTable &) = delete;

  [[nodiscard]] const joinery_config *get() const noexcept { return &config_; }

 private:
  std::vector<joinery_kv> items_;
  joinery_config config_{};
};

}  // namespace joinery::plugins
