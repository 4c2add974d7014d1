// What the os provider does for one attempt: a Keystone v3 token (password or token
// auth, scoped to the project), the compute endpoint of the region from the token's
// catalog, then every page of the project's ACTIVE servers, and the fixed addresses
// of those whose metadata matches.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "os_settings.hpp"

namespace joinery::os {

// POST AUTH_URL[/v3]/auth/tokens, then GET COMPUTE/servers/detail?status=ACTIVE
// following servers_links "next". The project id comes from the metadata service
// (/openstack/latest/meta_data.json) when neither project_id nor project_name is
// given. Throws sdk::Error.
cloud::Found discover_os(const OsSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::os
