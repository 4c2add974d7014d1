// What the http provider does for one attempt: fetch the URL, pick the addresses.
#pragma once

#include <joinery/plugin.hpp>
#include "http_settings.hpp"
#include "json_addresses.hpp"

namespace joinery::http {

// Throws sdk::Error; every message starts with the request ("GET https://...: ").
ExtractedAddresses discover_http(const HttpSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::http
