#include "scaleway_discovery.hpp"

#include "json_api.hpp"
#include "url_component.hpp"

#include <joinery/sdk/parallel.hpp>

#include <algorithm>

namespace joinery::scaleway {
namespace {

using nlohmann::json;

constexpr int per_page = 100;  // the API's largest page

// {"message": "authentication is denied", "type": "denied_authentication", ...}
constexpr cloud::ApiDialect dialect{
    "scaleway", "type", "message",
    "check token or SCW_SECRET_KEY: the secret key of a Scaleway API key",
    "the API key needs InstancesReadOnly in the servers' project"};

long long total_count(const cloud::JsonAnswer &answer) {
  const auto total = cloud::header_count(answer, "x-total-count");
  if (!total) {
    throw sdk::Error(sdk::Status::unavailable, answer.request + ": no X-Total-Count header");
  }
  return *total;
}

}  // namespace

std::size_t read_server_page(const cloud::JsonAnswer &answer, const ScalewaySettings &settings,
                             const std::string &zone, cloud::Found &found) {
  try {
    const json &servers = answer.document.at("servers");
    for (const json &server : servers) {
      const auto tags = server.at("tags").get<std::vector<std::string>>();
      if (std::find(tags.begin(), tags.end(), settings.tag_name) == tags.end()) {
        continue;  // go-discover matched tags exactly, whatever the query filter matches
      }
      const json &ip = server.value("private_ip", json());
      if (ip.is_string() && !ip.get<std::string>().empty()) {
        found.addresses.push_back(ip.get<std::string>());
      } else {
        found.notes.push_back("scaleway: server " + server.value("name", std::string()) + " (" +
                              server.value("id", std::string()) + ") in " + zone +
                              " has no private IP");
      }
    }
    return servers.size();
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

namespace {

cloud::Found zone_servers(const ScalewaySettings &settings, const std::string &zone,
                          const sdk::CallBounds &interruption) {
  cloud::Found found;
  http::HttpRequest request;
  request.headers.push_back("X-Auth-Token: " + settings.token);
  long long read = 0;
  for (int page = 1;; ++page) {
    request.url = settings.api_url + "/instance/v1/zones/" + zone +
                  "/servers?page=" + std::to_string(page) +
                  "&per_page=" + std::to_string(per_page) +
                  "&tags=" + http::encode_url_component(settings.tag_name);
    if (!settings.organization.empty()) {
      request.url += "&organization=" + http::encode_url_component(settings.organization);
    }
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    read += static_cast<long long>(read_server_page(answer, settings, zone, found));
    if (read >= total_count(answer) || answer.document.at("servers").empty()) {
      return found;
    }
    cloud::check_page_count(page + 1, answer);
  }
}

}  // namespace

cloud::Found discover_scaleway(const ScalewaySettings &settings,
                               const sdk::CallBounds &interruption) {
  cloud::Found found;
  for (cloud::Found &zone : sdk::values_or_throw(sdk::run_in_parallel(
           settings.zones, settings.zones.size(),
           [&](const std::string &name) { return zone_servers(settings, name, interruption); }))) {
    found.addresses.insert(found.addresses.end(), zone.addresses.begin(), zone.addresses.end());
    found.notes.insert(found.notes.end(), zone.notes.begin(), zone.notes.end());
  }
  return found;
}

}  // namespace joinery::scaleway
