// What the vsphere provider does for one attempt: a VIM session and a CIS session
// with the vCenter, the tag found by name within its category, the virtual machines
// attached to it, and their guest addresses (peer_address's rules), then both
// sessions logged out, whatever happened in between.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "vsphere_settings.hpp"

namespace joinery::vsphere {

// Every call within settings.timeout and the call's own deadline, cancellable.
// Throws sdk::Error: the vCenter's fault or error, `not_found` for an unknown category
// or tag, `cancelled` when the call was.
cloud::Found discover_vsphere(const VsphereSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::vsphere
