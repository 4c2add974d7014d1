// Where the k8s provider's credentials come from, in go-discover's order.
#include "api_access.hpp"

#include <cstdlib>

namespace joinery::k8s {
namespace {

constexpr const char *default_service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";

std::string environment_variable(const char *name) {
  const char *value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

CredentialEnvironment CredentialEnvironment::of_this_process() {
  CredentialEnvironment environment;
  environment.home = environment_variable("HOME");
  environment.service_host = environment_variable("KUBERNETES_SERVICE_HOST");
  environment.service_port = environment_variable("KUBERNETES_SERVICE_PORT");
  const std::string dir = environment_variable("JOINERY_K8S_SERVICEACCOUNT_DIR");
  environment.service_account_dir = dir.empty() ? default_service_account_dir : dir;
  return environment;
}

ApiAccess find_api_access(std::string_view kubeconfig, const CredentialEnvironment &environment) {
  std::filesystem::path path(kubeconfig);
  if (path.empty()) {
    if (environment.home.empty()) {
      throw sdk::Error(sdk::Status::unavailable,
                       "error retrieving home directory: $HOME is not set");
    }
    path = std::filesystem::path(environment.home) / ".kube" / "config";
  }
  try {
    return load_kubeconfig(path);
  } catch (const sdk::Error &kubeconfig_error) {
    try {
      return load_in_cluster(environment);
    } catch (const sdk::Error &in_cluster_error) {
      throw sdk::Error(sdk::Status::unavailable,
                       std::string("error loading kubeconfig and in-cluster auth. Kubeconfig "
                                   "error: ") +
                           kubeconfig_error.what() +
                           ". In-cluster auth error: " + in_cluster_error.what());
    }
  }
}

}  // namespace joinery::k8s
