// What the packet provider does for one attempt: list the project's devices (every
// page), keep those of the facilities and tags asked for, and take their addresses of
// the type asked for.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "json_api.hpp"
#include "packet_settings.hpp"

namespace joinery::packet {

// Adds the addresses of the kept devices of one GET .../devices answer to `found`;
// true when another page follows. Throws sdk::Error for an answer of another shape.
bool read_device_page(const cloud::JsonAnswer &answer, const PacketSettings &settings,
                      cloud::Found &found);

// GET URL/projects/ID/devices?page=N&per_page=100 with X-Auth-Token, while meta.next
// is given; every address of a kept device whose public flag and family match
// address_type. Throws sdk::Error.
cloud::Found discover_packet(const PacketSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::packet
