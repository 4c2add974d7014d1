// What the softlayer provider does for one attempt: the account's virtual guests of
// the datacenter with the tag (an object filter, every page), and their primary
// backend (private) IPs.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "json_api.hpp"
#include "softlayer_settings.hpp"

#include <string>

namespace joinery::softlayer {

// go-discover's object mask, as softlayer-go sends it.
inline constexpr const char *guest_mask =
    "mask[id,hostname,domain,tagReferences[tag[name]],primaryBackendIpAddress,datacenter]";

// {"virtualGuests": {"datacenter": {"name": {"operation": DC}}, "tagReferences":
// {"tag": {"name": {"operation": TAG}}}}}, without the parts for empty keys.
std::string guest_filter(const SoftLayerSettings &settings);

// Adds the primary backend IPs of one getVirtualGuests answer (a JSON array) to
// `found`; returns how many guests it held. Throws sdk::Error for another shape.
std::size_t read_guest_page(const cloud::JsonAnswer &answer, cloud::Found &found);

// GET /SoftLayer_Account/getVirtualGuests.json?objectMask=...&objectFilter=...
// &resultLimit=OFFSET,100 with Basic auth, until SoftLayer-Total-Items guests are
// read. Throws sdk::Error.
cloud::Found discover_softlayer(const SoftLayerSettings &settings,
                                const sdk::CallBounds &interruption);

}  // namespace joinery::softlayer
