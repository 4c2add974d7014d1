// What a cluster's entries lead to, which picks Consul's wording of its log lines:
// servers (the LAN and WAN joiners) or the primary datacenter's mesh gateways. The
// resolver words its "Discovered ..." line by it and the retry joiner its loop's lines;
// nothing else differs.
#pragma once

namespace joinery::discovery {

enum class Wording {
  servers,        // "Discovered servers" (servers=), "Joining cluster...", "No servers to join"
  mesh_gateways,  // "Discovered mesh gateways" (mesh_gateways=), "Refreshing mesh gateways...",
                  // "No mesh gateways found"
};

}  // namespace joinery::discovery
