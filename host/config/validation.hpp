// The rules about a configuration as a whole, checked after every source is merged:
// Consul's (with its exact messages) and joinery's own.
#pragma once

#include "config/config.hpp"
#include "problem/problem.hpp"

namespace joinery::config {

// Fills in what depends on other settings or on the machine: node_name = this host's
// name, [join.lan] = the "serf" backend when none is named. Consul lower-cases
// datacenter names; so does this. Problems (no host name) are appended.
void apply_defaults(Config &config, Problems &problems);

// Consul's rules, in Consul's order, each with its exact message:
//   datacenter names, node_name not empty,
//   'connect.enable_mesh_gateway_wan_federation=true' requires 'connect.enabled=true',
//   ... requires 'server = true', ... requires that 'node_name' not contain '/',
//   'start_join_wan' / 'retry_join_wan' are incompatible with wan federation,
//   'primary_gateways' requires 'server = true' / only in a secondary datacenter;
// then joinery's: a configured [join.wan] backend when the WAN has something to join
// (server = true and retry_join_wan non-empty, or a wan-federated secondary).
// Returns every problem, not only the first.
Problems validate(const Config &config);

// True when this node will run a WAN join: a server with retry_join_wan, or a server
// in a secondary datacenter federated through mesh gateways.
bool wan_has_work(const Config &config);

}  // namespace joinery::config
