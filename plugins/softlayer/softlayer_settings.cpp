#include "softlayer_settings.hpp"

#include "setting_values.hpp"

namespace joinery::softlayer {

SoftLayerSettings read_softlayer_settings(const sdk::Config &config,
                                          const cloud::Environment &environment) {
  SoftLayerSettings settings;
  settings.datacenter = config.get_or("datacenter", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.username =
      environment.key_or_variable(config, "username", {"SL_USERNAME", "SOFTLAYER_USERNAME"});
  if (settings.username.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "username: missing value (nor is SL_USERNAME or SOFTLAYER_USERNAME set)");
  }
  settings.api_key =
      environment.key_or_variable(config, "api_key", {"SL_API_KEY", "SOFTLAYER_API_KEY"});
  if (settings.api_key.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "api_key: missing value (nor is SL_API_KEY or SOFTLAYER_API_KEY set)");
  }
  std::string url = environment.get("SL_ENDPOINT_URL");
  const char *origin = "SL_ENDPOINT_URL";
  if (url.empty()) {
    url = environment.get("SOFTLAYER_ENDPOINT_URL");
    origin = "SOFTLAYER_ENDPOINT_URL";
  }
  settings.api_url = cloud::endpoint_url(url, origin, default_api_url);
  return settings;
}

}  // namespace joinery::softlayer
