// What the linode provider does for one attempt: list the instances matching the
// region and tag (every page), then fetch their IPs at once and take the one asked for.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "json_api.hpp"
#include "linode_settings.hpp"

#include <string>
#include <vector>

namespace joinery::linode {

struct LinodeInstance {
  long long id = 0;
  std::string label;
};

// Adds the instances of one GET /linode/instances answer (page `page`); true when
// another page follows. Throws sdk::Error for an answer of another shape.
bool read_instance_page(const cloud::JsonAnswer &answer, int page,
                        std::vector<LinodeInstance> &instances);

// The address of `type` in an instance's GET /linode/instances/ID/ips answer, "" for
// none: the first public or private IPv4, the first VPC IPv4 that has an address, or
// the SLAAC IPv6 for both public_v6 and private_v6 (Linode has no private IPv6; it
// bills none of its SLAAC traffic inside a region), never the link-local one.
std::string read_instance_address(const cloud::JsonAnswer &answer, AddressType type);

// GET /v4/linode/instances?page=N&page_size=500 with X-Filter {"region", "tags"}, then
// GET /v4/linode/instances/ID/ips of each, 8 at once. Throws sdk::Error.
cloud::Found discover_linode(const LinodeSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::linode
