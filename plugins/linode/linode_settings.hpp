// The linode provider's keys: go-discover's, plus address_type=vpc_v4.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::linode {

inline constexpr joinery_key linode_keys[] = {
    sdk::secret("api_token", "personal access token with linodes:read_only; default $LINODE_TOKEN"),
    sdk::optional("region", "", "only instances of this region (us-east, eu-central)"),
    sdk::optional("tag_name", "", "only instances with this tag"),
    sdk::optional("address_type", "private_v4",
                  "private_v4, public_v4, private_v6, public_v6 or vpc_v4"),
};

inline constexpr const char *default_api_url = "https://api.linode.com";

enum class AddressType { private_v4, public_v4, private_v6, public_v6, vpc_v4 };

struct LinodeSettings {
  std::string api_token;
  std::string region;
  std::string tag_name;
  AddressType address_type = AddressType::private_v4;
  // linodego's environment: $LINODE_URL, $LINODE_API_VERSION and $LINODE_CA.
  std::string api_url = std::string(default_api_url) + "/v4";
  std::string ca_file;
};

// Throws sdk::Error(invalid_config) for a missing token, a bad address_type or URL.
LinodeSettings read_linode_settings(const sdk::Config &config,
                                    const cloud::Environment &environment);

}  // namespace joinery::linode
