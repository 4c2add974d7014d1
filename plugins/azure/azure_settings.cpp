#include "azure_settings.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <cctype>
#include <cstdlib>

namespace joinery::azure {
namespace {

std::string environment_variable(const char *name) {
  const char *value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string key_or(const sdk::Config &config, const char *key, const std::string &fallback) {
  if (const auto value = config.get(key)) {
    return std::string(*value);
  }
  return fallback;
}

struct NamedCloud {
  const char *name;
  const char *authority_host;
  const char *resource_manager;
};

// go-autorest's environment names, which go-discover's SDK reads from $AZURE_ENVIRONMENT.
constexpr NamedCloud named_clouds[] = {
    {"AZUREPUBLICCLOUD", "https://login.microsoftonline.com/", "https://management.azure.com/"},
    {"AZURECHINACLOUD", "https://login.chinacloudapi.cn/", "https://management.chinacloudapi.cn/"},
    {"AZUREUSGOVERNMENTCLOUD", "https://login.microsoftonline.us/",
     "https://management.usgovcloudapi.net/"},
};

}  // namespace

AzureEnvironment AzureEnvironment::of_this_process() {
  AzureEnvironment environment;
  environment.arm_tenant_id = environment_variable("ARM_TENANT_ID");
  environment.arm_client_id = environment_variable("ARM_CLIENT_ID");
  environment.arm_subscription_id = environment_variable("ARM_SUBSCRIPTION_ID");
  environment.arm_client_secret = environment_variable("ARM_CLIENT_SECRET");
  environment.azure_tenant_id = environment_variable("AZURE_TENANT_ID");
  environment.azure_client_id = environment_variable("AZURE_CLIENT_ID");
  environment.azure_client_secret = environment_variable("AZURE_CLIENT_SECRET");
  if (std::string name = environment_variable("AZURE_ENVIRONMENT"); !name.empty()) {
    for (char &c : name) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const NamedCloud *found = nullptr;
    for (const NamedCloud &cloud : named_clouds) {
      found = name == cloud.name ? &cloud : found;
    }
    if (found == nullptr) {
      throw sdk::Error(sdk::Status::invalid_config,
                       "AZURE_ENVIRONMENT: \"" + sdk::escape_unprintable(name) +
                           "\" is not a cloud joinery knows (AzurePublicCloud, AzureChinaCloud, "
                           "AzureUSGovernmentCloud; or set ARM_ENDPOINT and AZURE_AUTHORITY_HOST)");
    }
    environment.authority_host = found->authority_host;
    environment.resource_manager = found->resource_manager;
  }
  if (std::string host = environment_variable("AZURE_AUTHORITY_HOST"); !host.empty()) {
    environment.authority_host = std::move(host);
  }
  if (std::string endpoint = environment_variable("ARM_ENDPOINT"); !endpoint.empty()) {
    environment.resource_manager = std::move(endpoint);
  }
  if (std::string imds = environment_variable("AZURE_POD_IDENTITY_AUTHORITY_HOST"); !imds.empty()) {
    environment.imds = std::move(imds);
  }
  return environment;
}

AzureSettings read_azure_settings(const sdk::Config &config, const AzureEnvironment &environment) {
  AzureSettings settings;
  settings.tenant_id = key_or(config, "tenant_id", environment.arm_tenant_id);
  settings.client_id = key_or(config, "client_id", environment.arm_client_id);
  settings.subscription_id = key_or(config, "subscription_id", environment.arm_subscription_id);
  settings.client_secret = key_or(config, "secret_access_key", environment.arm_client_secret);
  settings.tag_name = config.get_or("tag_name", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.resource_group = config.get_or("resource_group", "");
  settings.vm_scale_set = config.get_or("vm_scale_set", "");
  const bool tags = !settings.tag_name.empty() && !settings.tag_value.empty();
  const bool scale_set = !settings.resource_group.empty() && !settings.vm_scale_set.empty();
  const bool tag_part = !settings.tag_name.empty() || !settings.tag_value.empty();
  const bool scale_set_part = !settings.resource_group.empty() || !settings.vm_scale_set.empty();
  if (!((tags && !scale_set_part) || (scale_set && !tag_part))) {
    // go-discover's words, then the keys that were given.
    throw sdk::Error(sdk::Status::invalid_config,
                     "unclear configuration. use (tag_name and tag_value) or (resource_group "
                     "and vm_scale_set), not both and not half of one");
  }
  if (settings.subscription_id.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "subscription_id: missing value (give the key or set ARM_SUBSCRIPTION_ID)");
  }
  return settings;
}

}  // namespace joinery::azure
