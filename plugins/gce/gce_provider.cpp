// The `gce` discovery provider: go-discover's gce provider, key for key and rule for
// rule, plus what go-discover's users asked for (only RUNNING instances, labels).
#include "curl_library.hpp"
#include "gce_discovery.hpp"
#include "gce_settings.hpp"

#include <joinery/plugin.hpp>

namespace {

using joinery::sdk::AddressSink;
using joinery::sdk::Call;
using joinery::sdk::Config;

class GceProvider final : public joinery::sdk::Provider {
 public:
  static constexpr auto description = joinery::sdk::describe(
      "gce", "Google Compute Engine instances (go-discover's gce provider)",
      "Lists the project's zones (those whose whole name matches the RE2 zone_pattern),\n"
      "then each zone's instances, and returns networkInterfaces[0].networkIP of every\n"
      "RUNNING instance that carries network tag tag_value and label label_key=label_value\n"
      "(each filter only when given).\n"
      "Credentials, first found: credentials_file, $GOOGLE_APPLICATION_CREDENTIALS,\n"
      "$HOME/.config/gcloud/application_default_credentials.json, then the metadata\n"
      "server's service account. They need compute.zones.list and compute.instances.list\n"
      "(roles/compute.viewer). Project: project_name, the key file's project_id, then the\n"
      "metadata server. $GCE_METADATA_HOST and $CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE\n"
      "override the metadata server and the compute API. Examples:\n"
      "  provider=gce tag_value=consul-server\n"
      "  provider=gce project_name=proj zone_pattern=\"europe-.*\" tag_value=consul\n"
      "  provider=gce label_key=role label_value=consul-server\n"
      "  provider=gce tag_value=consul credentials_file=/etc/joinery/sa.json",
      joinery::gce::gce_keys);

  void validate(const Config &config, const Call & /*call*/) const override {
    (void)joinery::gce::read_gce_settings(config);
  }

  void discover(const Config &config, const Call &call, const AddressSink &out) const override {
    const auto found = joinery::gce::discover_gce(joinery::gce::read_gce_settings(config),
                                                  joinery::gce::GceEnvironment::of_this_process(),
                                                  tokens_, call.bounds());
    joinery::cloud::hand_over(found, call, out);
  }

 private:
  // Shared by every call of the run, so an attempt reuses the last one's token.
  mutable joinery::cloud::TokenCache tokens_;
};

}  // namespace

JOINERY_PLUGIN("org.joinery.gce", "1.0.0", joinery::sdk::Providers<GceProvider>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
