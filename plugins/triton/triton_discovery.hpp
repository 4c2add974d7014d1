// What the triton provider does for one attempt: list the account's machines with the
// tag (every page), each request signed by the ssh-agent or the key file, and take
// each one's primary IP.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "triton_settings.hpp"

namespace joinery::triton {

// GET URL/ACCOUNT/machines?limit=1000&offset=N[&tag.KEY=VALUE] with Accept-Version
// and "Authorization: Signature keyId="/ACCOUNT/keys/KEY_ID",algorithm=...,
// headers="date",signature=..." over the Date header, page after page until
// x-resource-count is reached. Throws sdk::Error.
cloud::Found discover_triton(const TritonSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::triton
