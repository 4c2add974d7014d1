#include "tencentcloud_settings.hpp"

#include "setting_values.hpp"

namespace joinery::tencentcloud {

TencentCloudSettings read_tencentcloud_settings(const sdk::Config &config,
                                                const cloud::Environment &environment) {
  TencentCloudSettings settings;
  settings.region = environment.required_key_or_variable(config, "region", {"TENCENTCLOUD_REGION"});
  settings.tag_key = config.get_or("tag_key", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.address_type = static_cast<AddressType>(
      cloud::one_of(config, "address_type", {"private_v4", "public_v4", "public_v6"}));
  settings.secret_id =
      environment.required_key_or_variable(config, "access_key_id", {"TENCENTCLOUD_SECRET_ID"});
  settings.secret_key = environment.required_key_or_variable(config, "access_key_secret",
                                                             {"TENCENTCLOUD_SECRET_KEY"});
  settings.session_token = environment.get("TENCENTCLOUD_SESSION_TOKEN");
  settings.cvm_url = cloud::endpoint_url(environment.get("TENCENTCLOUD_CVM_ENDPOINT"),
                                         "TENCENTCLOUD_CVM_ENDPOINT", default_cvm_url);
  return settings;
}

}  // namespace joinery::tencentcloud
