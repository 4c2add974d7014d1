#include "scaleway_settings.hpp"

#include "setting_values.hpp"

#include <array>

namespace joinery::scaleway {
namespace {

struct Region {
  std::string_view name;
  int zones;
};

constexpr std::array<Region, 3> regions{{{"fr-par", 3}, {"nl-ams", 3}, {"pl-waw", 3}}};

}  // namespace

std::vector<std::string> zones_of(std::string_view region) {
  if (region == "par1") {
    return {"fr-par-1"};
  }
  if (region == "ams1") {
    return {"nl-ams-1"};
  }
  for (const Region &known : regions) {
    std::vector<std::string> zones;
    for (int i = 1; i <= known.zones; ++i) {
      zones.push_back(std::string(known.name) + "-" + std::to_string(i));
    }
    if (region == known.name) {
      return zones;
    }
    for (const std::string &zone : zones) {
      if (region == zone) {
        return {zone};
      }
    }
  }
  return {};
}

ScalewaySettings read_scaleway_settings(const sdk::Config &config,
                                        const cloud::Environment &environment) {
  ScalewaySettings settings;
  settings.organization =
      environment.key_or_variable(config, "organization", {"SCW_DEFAULT_ORGANIZATION_ID"});
  settings.tag_name = environment.required_key_or_variable(config, "tag_name", {});
  settings.token = environment.required_key_or_variable(config, "token", {"SCW_SECRET_KEY"});
  const std::string region =
      environment.required_key_or_variable(config, "region", {"SCW_DEFAULT_REGION"});
  settings.zones = zones_of(region);
  if (settings.zones.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "region: \"" + region +
                         "\" is not one of fr-par, nl-ams, pl-waw, a zone of them (fr-par-1), "
                         "par1, ams1");
  }
  settings.api_url =
      cloud::endpoint_url(environment.get("SCW_API_URL"), "SCW_API_URL", default_api_url);
  return settings;
}

}  // namespace joinery::scaleway
