// The digitalocean provider's keys: go-discover's, plus addr_type (go-discover#64).
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::digitalocean {

inline constexpr joinery_key digitalocean_keys[] = {
    sdk::optional("region", "", "only droplets of this region (a slug: nyc3, fra1)"),
    sdk::optional("tag_name", "", "only droplets with this tag; empty: every droplet"),
    sdk::secret("api_token",
                "API token with read scope; default $DIGITALOCEAN_TOKEN, "
                "$DIGITALOCEAN_ACCESS_TOKEN"),
    sdk::optional("addr_type", "private_v4", "private_v4, public_v4 or public_v6"),
};

inline constexpr const char *default_api_url = "https://api.digitalocean.com";

enum class AddressType { private_v4, public_v4, public_v6 };

struct DigitalOceanSettings {
  std::string region;
  std::string tag_name;
  std::string api_token;
  AddressType address_type = AddressType::private_v4;
  std::string api_url = default_api_url;  // $DIGITALOCEAN_API_URL (the Terraform provider's)
};

// Throws sdk::Error(invalid_config) for a missing token, a bad addr_type or API URL.
DigitalOceanSettings read_digitalocean_settings(const sdk::Config &config,
                                                const cloud::Environment &environment);

}  // namespace joinery::digitalocean
