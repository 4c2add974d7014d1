// The `k8s` discovery provider: go-discover's k8s provider, key for key and rule for
// rule, talking to the Kubernetes API server over HTTPS with libcurl.
#include "curl_library.hpp"
#include "k8s_discovery.hpp"
#include "k8s_settings.hpp"

#include <joinery/plugin.hpp>

namespace {

using joinery::sdk::AddressSink;
using joinery::sdk::Call;
using joinery::sdk::Config;

class K8sProvider final : public joinery::sdk::Provider {
 public:
  static constexpr auto description = joinery::sdk::describe(
      "k8s", "Kubernetes pods (go-discover's k8s provider)",
      "Lists the pods of namespace matching label_selector and field_selector and returns\n"
      "the IPs of those Running and Ready (host IPs with host_network=true). A pod's\n"
      "annotation consul.hashicorp.com/auto-join-port names a container port (or holds a\n"
      "number) to append. Credentials: kubeconfig, else $HOME/.kube/config, else the\n"
      "in-cluster service account. Example:\n"
      "  provider=k8s namespace=consul label_selector=\"app=consul,component=server\"",
      joinery::k8s::k8s_keys);

  void validate(const Config &config, const Call & /*call*/) const override {
    (void)joinery::k8s::read_k8s_settings(config);
  }

  void discover(const Config &config, const Call &call, const AddressSink &out) const override {
    const auto found = joinery::k8s::discover_k8s(
        joinery::k8s::read_k8s_settings(config),
        joinery::k8s::CredentialEnvironment::of_this_process(), call.bounds());
    for (const std::string &skipped : found.skipped) {
      call.debug(skipped);
    }
    for (const std::string &address : found.addresses) {
      out.push(address);
    }
  }
};

}  // namespace

JOINERY_PLUGIN("org.joinery.k8s", "1.0.0", joinery::sdk::Providers<K8sProvider>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
