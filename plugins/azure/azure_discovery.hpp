// One attempt of the azure provider: the subscription's network interfaces with the
// tag, or a scale set's (Uniform: its networkInterfaces list; Flexible: the resource
// group's interfaces attached to its VMs), every page, every private IP of each.
#pragma once

#include <joinery/plugin.hpp>
#include "azure_access.hpp"
#include "azure_settings.hpp"
#include "discovered_addresses.hpp"
#include "token_cache.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace joinery::azure {

inline constexpr const char *network_api_version = "2023-09-01";
inline constexpr const char *compute_api_version = "2024-03-01";
// The scale-set interface list is served only at the network API versions of its time.
inline constexpr const char *scale_set_nic_api_version = "2018-10-01";

// Every ipConfigurations[].properties.privateIPAddress of a network interface.
std::vector<std::string> private_addresses(const nlohmann::json &interface);

// Throws sdk::Error; messages name the request, ARM's code and the permission needed.
cloud::DiscoveredAddresses discover_azure(const AzureSettings &settings,
                                          const AzureEnvironment &environment,
                                          cloud::TokenCache &cache,
                                          const sdk::CallBounds &interruption);

}  // namespace joinery::azure
