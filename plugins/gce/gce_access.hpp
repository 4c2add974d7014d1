// Who the gce provider is to Google and which project it lists: credentials in
// go-discover's order (the credentials_file key, $GOOGLE_APPLICATION_CREDENTIALS,
// gcloud's application default credentials, the metadata server), turned into an
// access token that the run keeps until shortly before it expires.
#pragma once

#include <joinery/plugin.hpp>
#include "gce_settings.hpp"
#include "token_cache.hpp"

#include <string>

namespace joinery::gce {

// What the provider reads from the process environment, passed in so tests give their own.
struct GceEnvironment {
  std::string application_credentials;  // $GOOGLE_APPLICATION_CREDENTIALS
  std::string home;                     // $HOME, for gcloud's application_default_credentials.json
  // $GCE_METADATA_HOST (host[:port]), as Google's client libraries read it.
  std::string metadata_host = "metadata.google.internal";
  // $CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE, gcloud's override: the compute API's base
  // URL up to and including the version ("https://compute.googleapis.com/compute/v1/").
  std::string compute_endpoint = "https://compute.googleapis.com/compute/v1/";

  static GceEnvironment of_this_process();
};

// The scope asked for: listing zones and instances needs no more.
inline constexpr const char *compute_scope = "https://www.googleapis.com/auth/compute.readonly";

struct GceAccess {
  std::string token;       // the access token; a secret
  std::string cache_key;   // under which `cache` keeps it (forget it when the API refuses it)
  std::string origin;      // where it came from, for logs and errors (never a secret)
  std::string project_id;  // the credentials file's, or empty
};

// Throws sdk::Error(unavailable) saying which source failed and why; a token endpoint's
// own error code (invalid_grant ...) is quoted.
GceAccess find_gce_access(const GceSettings &settings, const GceEnvironment &environment,
                          cloud::TokenCache &cache, const sdk::CallBounds &interruption);

// The project of the instance this runs on, from the metadata server. Throws
// sdk::Error(unavailable).
std::string metadata_project(const GceEnvironment &environment,
                             const sdk::CallBounds &interruption);

}  // namespace joinery::gce
