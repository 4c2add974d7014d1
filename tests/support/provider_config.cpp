#include "support/provider_config.hpp"

namespace joinery::test {

ProviderConfig::ProviderConfig(std::initializer_list<std::pair<std::string, std::string>> pairs)
    : pairs_(pairs) {
  for (const auto &[key, value] : pairs_) {
    items_.push_back({{key.data(), key.size()}, {value.data(), value.size()}});
  }
  config_ = {items_.data(), items_.size()};
}

}  // namespace joinery::test
