// The azure provider's keys (go-discover's, key for key), the ARM_* variables that
// stand in for them as go-discover reads them, and the cloud's endpoints.
#pragma once

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::azure {

// No defaults for the keys an ARM_* variable stands in for: a key given (even empty)
// wins over its variable, as in go-discover, and the host fills in no default.
inline constexpr joinery_key azure_keys[] = {
    sdk::optional("tenant_id", nullptr, "the tenant (directory) id; default $ARM_TENANT_ID"),
    sdk::optional("client_id", nullptr, "the application (client) id; default $ARM_CLIENT_ID"),
    sdk::optional("subscription_id", nullptr,
                  "the subscription to search; default $ARM_SUBSCRIPTION_ID"),
    sdk::secret("secret_access_key", "the client secret; default $ARM_CLIENT_SECRET"),
    sdk::optional("tag_name", "", "tag a network interface must carry (with tag_value)"),
    sdk::optional("tag_value", "", "value tag_name must have"),
    sdk::optional("resource_group", "", "resource group of vm_scale_set"),
    sdk::optional("vm_scale_set", "", "scale set whose network interfaces to return"),
};

// What the provider reads from the process environment, passed in so tests give their own.
struct AzureEnvironment {
  // go-discover's stand-ins for the keys.
  std::string arm_tenant_id, arm_client_id, arm_subscription_id, arm_client_secret;
  // The Azure SDKs' environment credentials, used when the keys give no client secret.
  std::string azure_tenant_id, azure_client_id, azure_client_secret;
  // Where the grant goes: $AZURE_AUTHORITY_HOST, else the cloud's.
  std::string authority_host = "https://login.microsoftonline.com/";
  // Resource Manager: $ARM_ENDPOINT, else the cloud of $AZURE_ENVIRONMENT's.
  std::string resource_manager = "https://management.azure.com/";
  // IMDS for managed identities: $AZURE_POD_IDENTITY_AUTHORITY_HOST, as the SDKs read it.
  std::string imds = "http://169.254.169.254/";

  // Throws sdk::Error(invalid_config) for an $AZURE_ENVIRONMENT it does not know.
  static AzureEnvironment of_this_process();
};

struct AzureSettings {
  std::string tenant_id, client_id, subscription_id;
  std::string client_secret;  // a secret
  std::string tag_name, tag_value;
  std::string resource_group, vm_scale_set;

  [[nodiscard]] bool by_tag() const { return !tag_name.empty(); }
};

// The keys, each falling back on its ARM_* variable when not given (go-discover's
// argsOrEnv). Throws sdk::Error(invalid_config) naming the keys when neither
// (tag_name and tag_value) nor (resource_group and vm_scale_set) alone are given, or
// no subscription is.
AzureSettings read_azure_settings(const sdk::Config &config, const AzureEnvironment &environment);

}  // namespace joinery::azure
