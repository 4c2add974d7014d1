// The softlayer provider's keys: go-discover's, key for key.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::softlayer {

inline constexpr joinery_key softlayer_keys[] = {
    sdk::optional("datacenter", "", "only virtual guests of this datacenter (dal09)"),
    sdk::optional("tag_value", "", "only virtual guests with this tag"),
    sdk::optional("username", "", "API user name; default $SL_USERNAME, $SOFTLAYER_USERNAME"),
    sdk::secret("api_key", "API key of the user; default $SL_API_KEY, $SOFTLAYER_API_KEY"),
};

inline constexpr const char *default_api_url = "https://api.softlayer.com/rest/v3";

struct SoftLayerSettings {
  std::string datacenter;  // empty: every datacenter
  std::string tag_value;   // empty: every guest
  std::string username;
  std::string api_key;
  // $SL_ENDPOINT_URL or $SOFTLAYER_ENDPOINT_URL, as softlayer-go reads them.
  std::string api_url = default_api_url;
};

// Throws sdk::Error(invalid_config) for a missing user name or key, or a bad URL.
SoftLayerSettings read_softlayer_settings(const sdk::Config &config,
                                          const cloud::Environment &environment);

}  // namespace joinery::softlayer
