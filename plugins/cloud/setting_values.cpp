#include "setting_values.hpp"

namespace joinery::cloud {

std::size_t one_of(const sdk::Config &config, std::string_view key,
                   std::initializer_list<std::string_view> allowed) {
  const std::string_view value = config.get_or(key, "");
  if (value.empty()) {
    return 0;
  }
  std::size_t index = 0;
  std::string names;
  for (const std::string_view name : allowed) {
    if (name == value) {
      return index;
    }
    names += (index++ == 0 ? "" : ", ") + std::string(name);
  }
  throw sdk::Error(sdk::Status::invalid_config,
                   std::string(key) + ": \"" + std::string(value) + "\" is not one of " + names);
}

std::string endpoint_url(std::string url, std::string_view origin, std::string_view fallback) {
  if (url.empty()) {
    url = fallback;
  }
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    throw sdk::Error(sdk::Status::invalid_config,
                     std::string(origin) + ": \"" + url + "\" is not an http:// or https:// URL");
  }
  while (url.ends_with('/')) {
    url.pop_back();
  }
  return url;
}

}  // namespace joinery::cloud
