// One attempt of the gce provider: the project's zones matching zone_pattern, then
// each zone's instances (zones at once), go-discover's rules applied to each.
#pragma once

#include <joinery/plugin.hpp>
#include "discovered_addresses.hpp"
#include "gce_access.hpp"
#include "gce_settings.hpp"
#include "token_cache.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace joinery::gce {

// Zones listed at once.
inline constexpr std::size_t parallel_zones = 8;

// networkInterfaces[0].networkIP of `instance` when it is RUNNING and carries the
// network tag and label `settings` ask for; else nullopt and why in `why_not`.
std::optional<std::string> instance_address(const nlohmann::json &instance,
                                            const GceSettings &settings, std::string &why_not);

// Throws sdk::Error; messages name the request, the credentials' origin and the
// permission needed.
cloud::DiscoveredAddresses discover_gce(const GceSettings &settings,
                                        const GceEnvironment &environment, cloud::TokenCache &cache,
                                        const sdk::CallBounds &interruption);

}  // namespace joinery::gce
