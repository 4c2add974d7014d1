#include "linode_settings.hpp"

#include "setting_values.hpp"

namespace joinery::linode {

LinodeSettings read_linode_settings(const sdk::Config &config,
                                    const cloud::Environment &environment) {
  LinodeSettings settings;
  settings.api_token = environment.required_key_or_variable(config, "api_token", {"LINODE_TOKEN"});
  settings.region = config.get_or("region", "");
  settings.tag_name = config.get_or("tag_name", "");
  settings.address_type = static_cast<AddressType>(cloud::one_of(
      config, "address_type", {"private_v4", "public_v4", "private_v6", "public_v6", "vpc_v4"}));
  std::string version = environment.get("LINODE_API_VERSION");
  settings.api_url =
      cloud::endpoint_url(environment.get("LINODE_URL"), "LINODE_URL", default_api_url) + "/" +
      (version.empty() ? "v4" : version);
  settings.ca_file = environment.get("LINODE_CA");
  return settings;
}

}  // namespace joinery::linode
