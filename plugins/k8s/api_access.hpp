// How to reach a Kubernetes API server: where it is, whom to trust, who we are.
// Found the way go-discover finds it: the kubeconfig key, else $HOME/.kube/config,
// else the pod's in-cluster service account.
#pragma once

#include "http_request.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace joinery::k8s {

struct ApiAccess {
  std::string server;  // "https://host:port", perhaps with a path prefix
  http::TlsSettings tls;
  std::string bearer_token;
  std::string origin;  // where it came from, for messages: "kubeconfig /x", "in-cluster ..."
};

// The process environment the credentials come from, passed in (not read from
// getenv inside) so tests can give their own.
struct CredentialEnvironment {
  std::string home;                                // $HOME
  std::string service_host;                        // $KUBERNETES_SERVICE_HOST
  std::string service_port;                        // $KUBERNETES_SERVICE_PORT
  std::filesystem::path service_account_dir;       // token and ca.crt
  static CredentialEnvironment of_this_process();  // JOINERY_K8S_SERVICEACCOUNT_DIR overrides
                                                   // /var/run/secrets/kubernetes.io/serviceaccount
};

// The kubeconfig at `path`, through its current-context. Relative file names in it
// are relative to its directory. Throws sdk::Error(unavailable) saying what is wrong.
ApiAccess load_kubeconfig(const std::filesystem::path &path);

// The pod's service account, as client-go's rest.InClusterConfig reads it. Throws
// sdk::Error(unavailable).
ApiAccess load_in_cluster(const CredentialEnvironment &environment);

// go-discover's order: `kubeconfig` (the key's value, or $HOME/.kube/config when
// empty); when that fails, the in-cluster service account; when both fail, an error
// carrying both reasons.
ApiAccess find_api_access(std::string_view kubeconfig, const CredentialEnvironment &environment);

}  // namespace joinery::k8s
