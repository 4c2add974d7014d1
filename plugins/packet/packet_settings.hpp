// The packet provider's keys: go-discover's, key for key.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>
#include <vector>

namespace joinery::packet {

inline constexpr joinery_key packet_keys[] = {
    sdk::optional("project", "", "UUID of the project; default $PACKET_PROJECT"),
    sdk::secret("auth_token", "API key; default $PACKET_AUTH_TOKEN"),
    sdk::optional("url", "", "API base URL; default $PACKET_URL, then Equinix Metal's"),
    sdk::optional("address_type", "private_v4", "private_v4, public_v4 or public_v6"),
    sdk::optional("facility", "", "only devices of these facilities (ewr1,ams1)"),
    sdk::optional("tag", "", "only devices with one of these tags (tag1,tag2)"),
};

inline constexpr const char *default_api_url = "https://api.equinix.com/metal/v1";

enum class AddressType { private_v4, public_v4, public_v6 };

struct PacketSettings {
  std::string project;
  std::string auth_token;
  std::string api_url = default_api_url;
  AddressType address_type = AddressType::private_v4;
  std::vector<std::string> facilities;  // empty: every facility
  std::vector<std::string> tags;        // empty: every device
};

// Throws sdk::Error(invalid_config) for a missing project or token, a bad
// address_type or URL.
PacketSettings read_packet_settings(const sdk::Config &config,
                                    const cloud::Environment &environment);

}  // namespace joinery::packet
