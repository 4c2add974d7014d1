// What the k8s provider does for one attempt: find the credentials, list the pods
// through the API server, apply go-discover's rules.
#pragma once

#include <joinery/plugin.hpp>
#include "api_access.hpp"
#include "k8s_settings.hpp"
#include "pod_addresses.hpp"

#include <string>

namespace joinery::k8s {

// GET <server>/api/v1/namespaces/<namespace>/pods?labelSelector=...&fieldSelector=...
// (each part URL-encoded, empty selectors left out).
std::string pods_url(const std::string &server, const K8sSettings &settings);

// Throws sdk::Error; messages name where the credentials came from and the request.
PodAddresses discover_k8s(const K8sSettings &settings, const CredentialEnvironment &environment,
                          const sdk::CallBounds &interruption);

}  // namespace joinery::k8s
