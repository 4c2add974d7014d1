// Who the azure provider is to Resource Manager: a client secret (the keys or ARM_*,
// as go-discover reads them, then the SDKs' AZURE_TENANT_ID/AZURE_CLIENT_ID/
// AZURE_CLIENT_SECRET) through Entra ID's client-credentials grant, else the managed
// identity of the VM from IMDS. The token is kept for the run until shortly before
// it expires.
#pragma once

#include <joinery/plugin.hpp>
#include "azure_settings.hpp"
#include "token_cache.hpp"

#include <string>

namespace joinery::azure {

struct AzureAccess {
  std::string token;      // a secret
  std::string cache_key;  // under which the cache keeps it
  std::string origin;     // for logs and errors (never a secret)
};

// Throws sdk::Error(unavailable) with Entra ID's or IMDS's error code and description.
AzureAccess find_azure_access(const AzureSettings &settings, const AzureEnvironment &environment,
                              cloud::TokenCache &cache, const sdk::CallBounds &interruption);

// `url` with exactly one trailing slash.
std::string with_slash(std::string url);

}  // namespace joinery::azure
