#include "softlayer_discovery.hpp"

#include "json_api.hpp"
#include "url_component.hpp"

namespace joinery::softlayer {
namespace {

using nlohmann::json;

constexpr long long page_size = 100;

// {"error": "Invalid API token.", "code": "SoftLayer_Exception_InvalidLegacyToken"}
constexpr cloud::ApiDialect dialect{
    "softlayer", "code", "error",
    "check username and api_key: an IBM Cloud classic infrastructure user and its API key",
    "the user needs the permission to view virtual servers"};

}  // namespace

std::string guest_filter(const SoftLayerSettings &settings) {
  json guests = json::object();
  if (!settings.datacenter.empty()) {
    guests["datacenter"]["name"]["operation"] = settings.datacenter;
  }
  if (!settings.tag_value.empty()) {
    guests["tagReferences"]["tag"]["name"]["operation"] = settings.tag_value;
  }
  return json{{"virtualGuests", guests}}.dump();
}

std::size_t read_guest_page(const cloud::JsonAnswer &answer, cloud::Found &found) {
  try {
    const auto &guests = answer.document.get_ref<const json::array_t &>();
    for (const json &guest : guests) {
      const json &ip = guest.value("primaryBackendIpAddress", json());
      if (ip.is_string() && !ip.get<std::string>().empty()) {
        found.addresses.push_back(ip.get<std::string>());
      } else {
        found.notes.push_back("softlayer: virtual guest " + guest.value("hostname", std::string()) +
                              "." + guest.value("domain", std::string()) + " (" +
                              guest.value("id", json()).dump() + ") has no primary backend IP");
      }
    }
    return guests.size();
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

cloud::Found discover_softlayer(const SoftLayerSettings &settings,
                                const sdk::CallBounds &interruption) {
  cloud::Found found;
  http::HttpRequest request;
  request.basic_auth = {settings.username, settings.api_key};
  const std::string query = "objectMask=" + http::encode_url_component(guest_mask) +
                            "&objectFilter=" + http::encode_url_component(guest_filter(settings));
  long long offset = 0;
  for (int page = 1;; ++page) {
    request.url = settings.api_url + "/SoftLayer_Account/getVirtualGuests.json?" + query +
                  "&resultLimit=" + std::to_string(offset) + "," + std::to_string(page_size);
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    const std::size_t guests = read_guest_page(answer, found);
    offset += static_cast<long long>(guests);
    if (guests < static_cast<std::size_t>(page_size) ||
        offset >= cloud::header_count(answer, "softlayer-total-items").value_or(0)) {
      return found;
    }
    cloud::check_page_count(page + 1, answer);
  }
}

}  // namespace joinery::softlayer
