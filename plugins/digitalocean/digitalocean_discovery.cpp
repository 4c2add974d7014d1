#include "digitalocean_discovery.hpp"

#include "json_api.hpp"
#include "url_component.hpp"

namespace joinery::digitalocean {
namespace {

using nlohmann::json;

constexpr int per_page = 200;  // the API's largest page

// {"id": "unauthorized", "message": "Unable to authenticate you"}
constexpr cloud::ApiDialect dialect{
    "digitalocean", "id", "message",
    "check api_token: a DigitalOcean API token that is valid and not revoked",
    "the token needs the read scope"};

// The droplet's address of `type` ("" when it has none): the first of networks.v4
// (type private or public) or networks.v6 (public).
std::string droplet_address(const json &droplet, AddressType type) {
  const json &networks = droplet.at("networks");
  const char *family = type == AddressType::public_v6 ? "v6" : "v4";
  const char *wanted = type == AddressType::private_v4 ? "private" : "public";
  if (!networks.contains(family)) {
    return "";
  }
  for (const json &network : networks.at(family)) {
    if (network.at("type").get<std::string>() == wanted) {
      return network.at("ip_address").get<std::string>();
    }
  }
  return "";
}

bool has_next_page(const json &document) {
  const auto links = document.find("links");
  if (links == document.end() || !links->is_object()) {
    return false;
  }
  const auto pages = links->find("pages");
  return pages != links->end() && pages->is_object() && pages->contains("next");
}

const char *type_name(AddressType type) {
  switch (type) {
    case AddressType::public_v4:
      return "public IPv4";
    case AddressType::public_v6:
      return "public IPv6";
    case AddressType::private_v4:
      break;
  }
  return "private IPv4";
}

}  // namespace

bool read_droplet_page(const cloud::JsonAnswer &answer, const DigitalOceanSettings &settings,
                       cloud::Found &found) {
  try {
    for (const json &droplet : answer.document.at("droplets")) {
      if (!settings.region.empty() &&
          droplet.at("region").at("slug").get<std::string>() != settings.region) {
        continue;
      }
      const std::string address = droplet_address(droplet, settings.address_type);
      if (address.empty()) {
        found.notes.push_back("digitalocean: droplet " + droplet.at("name").get<std::string>() +
                              " (" + droplet.at("id").dump() + ") has no " +
                              type_name(settings.address_type) + " address");
        continue;
      }
      found.addresses.push_back(address);
    }
    return has_next_page(answer.document);
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

cloud::Found discover_digitalocean(const DigitalOceanSettings &settings,
                                   const sdk::CallBounds &interruption) {
  cloud::Found found;
  http::HttpRequest request;
  request.bearer_token = settings.api_token;
  for (int page = 1;; ++page) {
    request.url = settings.api_url + "/v2/droplets?page=" + std::to_string(page) +
                  "&per_page=" + std::to_string(per_page);
    if (!settings.tag_name.empty()) {
      request.url += "&tag_name=" + http::encode_url_component(settings.tag_name);
    }
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    if (!read_droplet_page(answer, settings, found)) {
      return found;
    }
    cloud::check_page_count(page + 1, answer);
  }
}

}  // namespace joinery::digitalocean
