#include "aliyun_settings.hpp"

#include "setting_values.hpp"

namespace joinery::aliyun {

AliyunSettings read_aliyun_settings(const sdk::Config &config,
                                    const cloud::Environment &environment) {
  AliyunSettings settings;
  settings.region = environment.key_or_variable(config, "region", {"ALIBABA_CLOUD_REGION_ID"});
  settings.address_type =
      static_cast<AddressType>(cloud::one_of(config, "addr_type", {"private_v4", "ipv6"}));
  settings.tag_key = config.get_or("tag_key", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.access_key_id = config.get_or("access_key_id", "");
  settings.access_key_secret = config.get_or("access_key_secret", "");
  if (settings.access_key_id.empty() && settings.access_key_secret.empty()) {
    settings.access_key_id = environment.get("ALIBABA_CLOUD_ACCESS_KEY_ID");
    settings.access_key_secret = environment.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    settings.security_token = environment.get("ALIBABA_CLOUD_SECURITY_TOKEN");
  }
  if (settings.access_key_id.empty() != settings.access_key_secret.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     settings.access_key_id.empty()
                         ? "access_key_id: missing value (access_key_secret is given)"
                         : "access_key_secret: missing value (access_key_id is given)");
  }
  settings.ecs_url = cloud::endpoint_url(environment.get("ALIBABA_CLOUD_ECS_ENDPOINT"),
                                         "ALIBABA_CLOUD_ECS_ENDPOINT", default_ecs_url);
  settings.metadata_url =
      cloud::endpoint_url(environment.get("ALIBABA_CLOUD_ECS_METADATA_ENDPOINT"),
                          "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT", default_metadata_url);
  settings.role_name = environment.get("ALIBABA_CLOUD_ECS_METADATA");
  return settings;
}

}  // namespace joinery::aliyun
