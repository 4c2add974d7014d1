#include "os_settings.hpp"

#include "setting_values.hpp"

namespace joinery::os {

OsSettings read_os_settings(const sdk::Config &config, const cloud::Environment &environment) {
  OsSettings settings;
  settings.auth_url = cloud::endpoint_url(
      environment.required_key_or_variable(config, "auth_url", {"OS_AUTH_URL"}), "auth_url", "");
  settings.project_id =
      environment.key_or_variable(config, "project_id", {"OS_PROJECT_ID", "OS_TENANT_ID"});
  settings.project_name =
      environment.key_or_variable(config, "project_name", {"OS_PROJECT_NAME", "OS_TENANT_NAME"});
  settings.tag_key = config.get_or("tag_key", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.user_name = environment.key_or_variable(config, "user_name", {"OS_USERNAME"});
  settings.password = environment.key_or_variable(config, "password", {"OS_PASSWORD"});
  settings.token = environment.key_or_variable(config, "token", {"OS_AUTH_TOKEN", "OS_TOKEN"});
  const std::string insecure = environment.key_or_variable(config, "insecure", {"OS_INSECURE"});
  settings.insecure = !insecure.empty() && insecure != "false" && insecure != "0";
  if (std::string region = environment.key_or_variable(config, "region", {"OS_REGION_NAME"});
      !region.empty()) {
    settings.region = std::move(region);
  }
  settings.domain_id =
      environment.key_or_variable(config, "domain_id", {"OS_DOMAIN_ID", "OS_USER_DOMAIN_ID"});
  settings.domain_name =
      environment.key_or_variable(config, "domain_name", {"OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME"});
  settings.ca_file = environment.get("OS_CACERT");
  settings.metadata_url = cloud::endpoint_url(environment.get("OS_METADATA_URL"), "OS_METADATA_URL",
                                              default_metadata_url);
  if (settings.token.empty() && settings.password.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "password: missing value (nor is OS_PASSWORD set), and no token (nor "
                     "OS_AUTH_TOKEN) to authenticate with instead");
  }
  if (settings.token.empty() && settings.user_name.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "user_name: missing value (nor is OS_USERNAME set); password auth needs it");
  }
  return settings;
}

}  // namespace joinery::os
