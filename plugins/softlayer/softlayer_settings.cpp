#include "softlayer_settings.hpp"

#include "setting_values.hpp"

namespace joinery::softlayer {

SoftLayerSettings read_softlayer_settings(const sdk::Config &config,
                                          const cloud::Environment &environment) {
  SoftLayerSettings settings;
  settings.datacenter = config.get_or("datacenter", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.username = environment.required_key_or_variable(config, "username",
                                                           {"SL_USERNAME", "SOFTLAYER_USERNAME"});
  settings.api_key =
      environment.required_key_or_variable(config, "api_key", {"SL_API_KEY", "SOFTLAYER_API_KEY"});
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
