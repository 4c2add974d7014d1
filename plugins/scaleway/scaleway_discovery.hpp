// What the scaleway provider does for one attempt: list the servers with the tag in
// every zone of the region at once (every page), and take their private IPs.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "json_api.hpp"
#include "scaleway_settings.hpp"

namespace joinery::scaleway {

// Adds the private IPs of the servers of one GET .../zones/ZONE/servers answer that
// hold tag_name exactly to `found`; returns how many servers the page held. Throws
// sdk::Error for an answer of another shape.
std::size_t read_server_page(const cloud::JsonAnswer &answer, const ScalewaySettings &settings,
                             const std::string &zone, cloud::Found &found);

// GET /instance/v1/zones/ZONE/servers?page=N&per_page=100&tags=T[&organization=O]
// with X-Auth-Token, per zone, pages until X-Total-Count servers are read; servers
// whose tags hold tag_name exactly. Throws sdk::Error.
cloud::Found discover_scaleway(const ScalewaySettings &settings,
                               const sdk::CallBounds &interruption);

}  // namespace joinery::scaleway
