// The k8s provider's keys: go-discover's, key for key.
#pragma once

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::k8s {

inline constexpr joinery_key k8s_keys[] = {
    sdk::optional("kubeconfig", "",
                  "path to a kubeconfig file; default $HOME/.kube/config, then the in-cluster "
                  "service account"),
    sdk::optional("namespace", "default", "namespace to search for pods"),
    sdk::optional("label_selector", "", "label selector for the pods, e.g. app=consul"),
    sdk::optional("field_selector", "", "field selector for the pods, e.g. spec.nodeName=n1"),
    sdk::optional("host_network", "false",
                  "join the pods' host IPs (and their hostPort) instead of the pod IPs"),
};

struct K8sSettings {
  std::string kubeconfig;  // empty: $HOME/.kube/config, then in-cluster
  std::string namespace_name = "default";
  std::string label_selector;
  std::string field_selector;
  bool host_network = false;
};

// Throws sdk::Error(invalid_config), e.g. for a host_network that is not a boolean.
K8sSettings read_k8s_settings(const sdk::Config &config);

}  // namespace joinery::k8s
