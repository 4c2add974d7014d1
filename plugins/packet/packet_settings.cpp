#include "packet_settings.hpp"

#include "setting_values.hpp"

namespace joinery::packet {

PacketSettings read_packet_settings(const sdk::Config &config,
                                    const cloud::Environment &environment) {
  PacketSettings settings;
  settings.project = environment.required_key_or_variable(config, "project", {"PACKET_PROJECT"});
  settings.auth_token =
      environment.required_key_or_variable(config, "auth_token", {"PACKET_AUTH_TOKEN"});
  const bool url_key = !config.get_or("url", "").empty();
  settings.api_url = cloud::endpoint_url(environment.key_or_variable(config, "url", {"PACKET_URL"}),
                                         url_key ? "url" : "PACKET_URL", default_api_url);
  settings.address_type = static_cast<AddressType>(
      cloud::one_of(config, "address_type", {"private_v4", "public_v4", "public_v6"}));
  for (const std::string_view facility : config.get_list("facility")) {
    settings.facilities.emplace_back(facility);
  }
  for (const std::string_view tag : config.get_list("tag")) {
    settings.tags.emplace_back(tag);
  }
  return settings;
}

}  // namespace joinery::packet
