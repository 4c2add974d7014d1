// The in-cluster service account, as client-go's rest.InClusterConfig reads it.
#include "api_access.hpp"

#include "token_file.hpp"

namespace joinery::k8s {

ApiAccess load_in_cluster(const CredentialEnvironment &environment) {
  if (environment.service_host.empty() || environment.service_port.empty()) {
    throw sdk::Error(sdk::Status::unavailable,
                     "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
                     "KUBERNETES_SERVICE_PORT must be defined");
  }
  const std::filesystem::path token_file = environment.service_account_dir / "token";
  auto token = http::read_token_file(token_file);
  if (!token) {
    throw sdk::Error(sdk::Status::unavailable, "cannot read the service account token " +
                                                   token_file.string() + ": " + token.error);
  }
  ApiAccess access;
  access.origin = "in-cluster service account " + environment.service_account_dir.string();
  access.bearer_token = std::move(token.text);
  std::string host = environment.service_host;
  if (host.find(':') != std::string::npos) {
    host = "[" + host + "]";  // net.JoinHostPort
  }
  access.server = "https://" + host + ":" + environment.service_port;
  // Like client-go: without a readable ca.crt, the system's CAs are used.
  if (const auto ca = environment.service_account_dir / "ca.crt"; std::filesystem::exists(ca)) {
    access.tls.ca = {.file = ca.string(), .pem = {}, .key = "the service account's CA"};
  }
  return access;
}

}  // namespace joinery::k8s
