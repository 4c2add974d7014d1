// go-discover's k8s rules: which pods of a PodList count, and the address of each.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace joinery::k8s {

// The pod annotation naming the port to join on (go-discover's AnnotationKeyPort).
inline constexpr std::string_view port_annotation = "consul.hashicorp.com/auto-join-port";

struct PodAddresses {
  std::vector<std::string> addresses;
  std::vector<std::string> skipped;  // go-discover's "ignoring pod ..." debug lines
};

// From the JSON of a v1 PodList: pods in phase Running whose Ready condition (when
// there is one) is True; the pod IP, or the host IP when `host_network`; with the
// annotation, ":port" where the port is the named container port it matches (its
// hostPort when `host_network`, ports with hostPort 0 not matching) or else the
// annotation read as an integer; a pod whose port is bad is skipped. IPv6 addresses
// with a port are bracketed. Throws sdk::Error(unavailable) when `pod_list` is not a
// PodList.
PodAddresses pod_addresses(std::string_view pod_list, bool host_network);

}  // namespace joinery::k8s
