#include "digitalocean_settings.hpp"

#include "setting_values.hpp"

namespace joinery::digitalocean {

DigitalOceanSettings read_digitalocean_settings(const sdk::Config &config,
                                                const cloud::Environment &environment) {
  DigitalOceanSettings settings;
  settings.region = config.get_or("region", "");
  settings.tag_name = config.get_or("tag_name", "");
  settings.api_token = environment.required_key_or_variable(
      config, "api_token", {"DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN"});
  settings.address_type = static_cast<AddressType>(
      cloud::one_of(config, "addr_type", {"private_v4", "public_v4", "public_v6"}));
  settings.api_url = cloud::endpoint_url(environment.get("DIGITALOCEAN_API_URL"),
                                         "DIGITALOCEAN_API_URL", default_api_url);
  return settings;
}

}  // namespace joinery::digitalocean
