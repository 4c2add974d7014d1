#include "linode_discovery.hpp"

#include "json_api.hpp"

#include <joinery/sdk/parallel.hpp>

namespace joinery::linode {
namespace {

using nlohmann::json;

constexpr int page_size = 500;             // the API's largest page
constexpr std::size_t parallel_calls = 8;  // IP lists fetched at once

// {"errors": [{"reason": "Invalid Token"}, {"field": "page_size", "reason": "..."}]}
constexpr cloud::ApiDialect dialect{
    "linode", nullptr, nullptr,
    "check api_token or LINODE_TOKEN: a personal access token that is valid",
    "the token needs the linodes:read_only scope"};

std::string filter_of(const LinodeSettings &settings) {
  json filter = json::object();
  if (!settings.region.empty()) {
    filter["region"] = settings.region;
  }
  if (!settings.tag_name.empty()) {
    filter["tags"] = settings.tag_name;
  }
  return filter.dump();
}

http::HttpRequest api_request(const LinodeSettings &settings, std::string url) {
  http::HttpRequest request;
  request.url = std::move(url);
  request.bearer_token = settings.api_token;
  request.tls.ca = {.file = settings.ca_file, .pem = "", .key = "LINODE_CA"};
  return request;
}

std::vector<LinodeInstance> list_instances(const LinodeSettings &settings,
                                           const sdk::CallBounds &interruption) {
  std::vector<LinodeInstance> instances;
  const std::string filter = filter_of(settings);
  for (int page = 1;; ++page) {
    http::HttpRequest request =
        api_request(settings, settings.api_url + "/linode/instances?page=" + std::to_string(page) +
                                  "&page_size=" + std::to_string(page_size));
    request.headers.push_back("X-Filter: " + filter);
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    if (!read_instance_page(answer, page, instances)) {
      return instances;
    }
    cloud::check_page_count(page + 1, answer);
  }
}

const char *type_name(AddressType type) {
  switch (type) {
    case AddressType::public_v4:
      return "public_v4";
    case AddressType::private_v6:
      return "private_v6";
    case AddressType::public_v6:
      return "public_v6";
    case AddressType::vpc_v4:
      return "vpc_v4";
    case AddressType::private_v4:
      break;
  }
  return "private_v4";
}

std::string first_address(const json &list) {
  if (!list.is_array()) {
    return "";
  }
  for (const json &entry : list) {
    if (entry.is_object() && entry.contains("address") && entry["address"].is_string()) {
      return entry["address"].get<std::string>();
    }
  }
  return "";
}

}  // namespace

bool read_instance_page(const cloud::JsonAnswer &answer, int page,
                        std::vector<LinodeInstance> &instances) {
  try {
    for (const json &instance : answer.document.at("data")) {
      instances.push_back(
          {instance.at("id").get<long long>(), instance.value("label", std::string())});
    }
    return page < answer.document.at("pages").get<int>();
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

std::string read_instance_address(const cloud::JsonAnswer &answer, AddressType type) {
  try {
    const json &ips = answer.document;
    const json &ipv4 = ips.at("ipv4");
    switch (type) {
      case AddressType::public_v4:
        return first_address(ipv4.value("public", json::array()));
      case AddressType::vpc_v4:
        return first_address(ipv4.value("vpc", json::array()));
      case AddressType::private_v6:
      case AddressType::public_v6: {
        const json &slaac = ips.at("ipv6").value("slaac", json());
        return slaac.is_object() ? slaac.value("address", "") : "";
      }
      case AddressType::private_v4:
        break;
    }
    return first_address(ipv4.value("private", json::array()));
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

cloud::Found discover_linode(const LinodeSettings &settings, const sdk::CallBounds &interruption) {
  const std::vector<LinodeInstance> instances = list_instances(settings, interruption);
  const auto addresses = sdk::values_or_throw(
      sdk::run_in_parallel(instances, parallel_calls, [&](const LinodeInstance &instance) {
        const cloud::JsonAnswer answer =
            cloud::call_json_api(api_request(settings, settings.api_url + "/linode/instances/" +
                                                           std::to_string(instance.id) + "/ips"),
                                 dialect, interruption);
        return read_instance_address(answer, settings.address_type);
      }));
  cloud::Found found;
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (addresses[i].empty()) {
      found.notes.push_back("linode: instance " + instances[i].label + " (" +
                            std::to_string(instances[i].id) + ") has no " +
                            type_name(settings.address_type) + " address");
    } else {
      found.addresses.push_back(addresses[i]);
    }
  }
  return found;
}

}  // namespace joinery::linode
