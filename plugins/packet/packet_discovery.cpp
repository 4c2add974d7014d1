#include "packet_discovery.hpp"

#include "json_api.hpp"
#include "url_component.hpp"

#include <algorithm>

namespace joinery::packet {
namespace {

using nlohmann::json;

constexpr int per_page = 100;

// {"errors": ["Invalid authentication token"]} (or {"error": "..."})
constexpr cloud::ApiDialect dialect{
    "packet",
    nullptr,
    "error",
    "check auth_token or PACKET_AUTH_TOKEN: an Equinix Metal API key that is valid",
    "the API key has no access to the project",
    "check project: the UUID of a project the key can read"};

bool listed(const std::vector<std::string> &list, const std::string &value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool kept(const json &device, const PacketSettings &settings) {
  if (!settings.facilities.empty()) {
    const json &facility = device.value("facility", json());
    if (!facility.is_object() || !listed(settings.facilities, facility.value("code", ""))) {
      return false;
    }
  }
  if (!settings.tags.empty()) {
    const auto tags = device.value("tags", std::vector<std::string>());
    return std::any_of(tags.begin(), tags.end(),
                       [&](const std::string &tag) { return listed(settings.tags, tag); });
  }
  return true;
}

bool has_next_page(const json &document) {
  const json &meta = document.value("meta", json());
  return meta.is_object() && meta.contains("next") && meta["next"].is_object();
}

}  // namespace

bool read_device_page(const cloud::JsonAnswer &answer, const PacketSettings &settings,
                      cloud::Found &found) {
  const bool wants_public = settings.address_type != AddressType::private_v4;
  const int family = settings.address_type == AddressType::public_v6 ? 6 : 4;
  try {
    for (const json &device : answer.document.at("devices")) {
      if (!kept(device, settings)) {
        continue;
      }
      const std::size_t before = found.addresses.size();
      for (const json &address : device.value("ip_addresses", json::array())) {
        if (address.at("public").get<bool>() == wants_public &&
            address.at("address_family").get<int>() == family) {
          found.addresses.push_back(address.at("address").get<std::string>());
        }
      }
      if (found.addresses.size() == before) {
        found.notes.push_back("packet: device " + device.value("hostname", std::string()) + " (" +
                              device.value("id", std::string()) + ") has no " +
                              (wants_public ? "public" : "private") + " IPv" +
                              std::to_string(family) + " address");
      }
    }
    return has_next_page(answer.document);
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

cloud::Found discover_packet(const PacketSettings &settings, const sdk::CallBounds &interruption) {
  cloud::Found found;
  http::HttpRequest request;
  request.headers.push_back("X-Auth-Token: " + settings.auth_token);
  for (int page = 1;; ++page) {
    request.url = settings.api_url + "/projects/" + http::encode_url_component(settings.project) +
                  "/devices?page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page);
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    if (!read_device_page(answer, settings, found)) {
      return found;
    }
    cloud::check_page_count(page + 1, answer);
  }
}

}  // namespace joinery::packet
