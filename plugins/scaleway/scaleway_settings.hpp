// The scaleway provider's keys: go-discover's, with the current regions and zones.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>
#include <vector>

namespace joinery::scaleway {

inline constexpr joinery_key scaleway_keys[] = {
    sdk::optional("organization", "",
                  "only servers of this organization ID; default $SCW_DEFAULT_ORGANIZATION_ID"),
    sdk::required("tag_name", "only servers with this tag"),
    sdk::secret("token", "API secret key; default $SCW_SECRET_KEY"),
    sdk::optional("region", "",
                  "fr-par, nl-ams, pl-waw (every zone), one zone (fr-par-2), or the legacy "
                  "par1, ams1; default $SCW_DEFAULT_REGION"),
};

inline constexpr const char *default_api_url = "https://api.scaleway.com";

struct ScalewaySettings {
  std::string organization;
  std::string tag_name;
  std::string token;
  std::vector<std::string> zones;         // of the region, in order
  std::string api_url = default_api_url;  // $SCW_API_URL (scaleway-sdk-go's)
};

// The zones of `region`: every zone of a region, a zone itself, or the zone a legacy
// region (par1, ams1) was. Empty for an unknown name.
std::vector<std::string> zones_of(std::string_view region);

// Throws sdk::Error(invalid_config) for a missing token or region, an unknown region or
// a bad URL.
ScalewaySettings read_scaleway_settings(const sdk::Config &config,
                                        const cloud::Environment &environment);

}  // namespace joinery::scaleway
