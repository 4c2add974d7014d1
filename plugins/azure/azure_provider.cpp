// The `azure` discovery provider: go-discover's azure provider, key for key and rule
// for rule, without its gaps (every nextLink page, Flexible scale sets).
#include "azure_discovery.hpp"
#include "azure_settings.hpp"
#include "curl_library.hpp"

#include <joinery/plugin.hpp>

namespace {

using joinery::sdk::AddressSink;
using joinery::sdk::Call;
using joinery::sdk::Config;

class AzureProvider final : public joinery::sdk::Provider {
 public:
  static constexpr auto description = joinery::sdk::describe(
      "azure", "Azure network interfaces (go-discover's azure provider)",
      "Returns every private IP of the subscription's network interfaces tagged\n"
      "tag_name=tag_value, or of the interfaces of scale set vm_scale_set in\n"
      "resource_group (Uniform or Flexible mode); give one pair, not both. Every page\n"
      "(nextLink) is read.\n"
      "Credentials, first found: tenant_id, client_id and secret_access_key (each key\n"
      "else $ARM_TENANT_ID, $ARM_CLIENT_ID, $ARM_CLIENT_SECRET), then $AZURE_TENANT_ID,\n"
      "$AZURE_CLIENT_ID, $AZURE_CLIENT_SECRET, then the VM's managed identity (IMDS).\n"
      "They need Microsoft.Network/networkInterfaces/read (and for scale sets\n"
      "Microsoft.Compute/virtualMachineScaleSets/*/read): the Reader role serves.\n"
      "Sovereign clouds: $AZURE_ENVIRONMENT (AzureChinaCloud, AzureUSGovernmentCloud),\n"
      "or $ARM_ENDPOINT and $AZURE_AUTHORITY_HOST. A secret holding '=' must be double-quoted.\n"
      "Examples:\n"
      "  provider=azure tag_name=consul tag_value=server subscription_id=SUB\n"
      "  provider=azure resource_group=rg vm_scale_set=consul subscription_id=SUB\n"
      "  provider=azure tag_name=consul tag_value=server tenant_id=T client_id=C\n"
      "    subscription_id=SUB secret_access_key=\"fpOf...4=\"",
      joinery::azure::azure_keys);

  void validate(const Config &config, const Call & /*call*/) const override {
    (void)joinery::azure::read_azure_settings(config,
                                              joinery::azure::AzureEnvironment::of_this_process());
  }

  void discover(const Config &config, const Call &call, const AddressSink &out) const override {
    const auto environment = joinery::azure::AzureEnvironment::of_this_process();
    const auto found =
        joinery::azure::discover_azure(joinery::azure::read_azure_settings(config, environment),
                                       environment, tokens_, call.bounds());
    joinery::cloud::hand_over(found, call, out);
  }

 private:
  // Shared by every call of the run, so an attempt reuses the last one's token.
  mutable joinery::cloud::TokenCache tokens_;
};

}  // namespace

JOINERY_PLUGIN("org.joinery.azure", "1.0.0", joinery::sdk::Providers<AzureProvider>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
