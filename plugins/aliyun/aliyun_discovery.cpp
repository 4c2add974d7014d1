#include "aliyun_discovery.hpp"

#include "base64.hpp"
#include "hmac_digest.hpp"
#include "json_api.hpp"
#include "url_component.hpp"

#include <chrono>

namespace joinery::aliyun {
namespace {

using nlohmann::json;

constexpr int page_size = 100;  // DescribeInstances' largest page

// {"RequestId": ..., "Code": "InvalidAccessKeyId.NotFound", "Message": "..."}
constexpr cloud::ApiDialect dialect{
    "aliyun",
    "Code",
    "Message",
    "check access_key_id and access_key_secret: an AccessKey pair that is enabled",
    "the RAM user or role needs the ecs:DescribeInstances permission",
    "check access_key_id: an AccessKey of this account (or region: a region id such as "
    "cn-hangzhou)",
    false,
    "SignatureDoesNotMatch: check access_key_secret; InvalidTimeStamp: this host's clock"};

constexpr cloud::ApiDialect metadata_dialect{
    "aliyun", "Code",
    nullptr,  nullptr,
    nullptr,  "attach a RAM role to the instance, or give access_key_id and access_key_secret"};

struct Credentials {
  std::string access_key_id;
  std::string access_key_secret;
  std::string security_token;
};

// The RAM role's temporary credentials from the instance's metadata service.
Credentials role_credentials(const AliyunSettings &settings, const sdk::CallBounds &interruption,
                             cloud::Found &found) {
  const std::string base = settings.metadata_url + "/latest/meta-data/ram/security-credentials/";
  std::string role = settings.role_name;
  if (role.empty()) {
    http::HttpRequest listing;
    listing.url = base;
    listing.timeout = std::chrono::seconds(2);
    listing.max_body_bytes = 4096;
    const std::string names = http::perform(listing, interruption).body;
    role = names.substr(0, names.find_first_of("\r\n"));
    if (role.empty()) {
      throw sdk::Error(sdk::Status::unavailable,
                       "aliyun: no RAM role is attached to this instance (GET " + base +
                           "); attach one, or give access_key_id and access_key_secret");
    }
  }
  http::HttpRequest request;
  request.url = base + http::encode_url_component(role);
  request.timeout = std::chrono::seconds(2);
  request.max_body_bytes = 65536;
  const cloud::JsonAnswer answer = cloud::call_json_api(request, metadata_dialect, interruption);
  try {
    const json &document = answer.document;
    if (document.value("Code", "Success") != "Success") {
      throw sdk::Error(sdk::Status::unavailable, answer.request + ": the RAM role's credentials " +
                                                     "are not available (Code " +
                                                     document.at("Code").get<std::string>() + ")");
    }
    found.notes.push_back("aliyun: credentials of the RAM role " + role);
    return {document.at("AccessKeyId").get<std::string>(),
            document.at("AccessKeySecret").get<std::string>(),
            document.at("SecurityToken").get<std::string>()};
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

// Every IPv6 address of the instance's network interfaces
// (NetworkInterfaces.NetworkInterface[].Ipv6Sets.Ipv6Set[].Ipv6Address).
json ipv6_addresses(const json &instance) {
  json found = json::array();
  const auto interfaces = instance.find("NetworkInterfaces");
  if (interfaces == instance.end()) {
    return found;
  }
  for (const json &interface : interfaces->value("NetworkInterface", json::array())) {
    for (const json &set :
         interface.value("Ipv6Sets", json::object()).value("Ipv6Set", json::array())) {
      found.push_back(set.at("Ipv6Address"));
    }
  }
  return found;
}

void add_addresses(const json &instance, AddressType type, cloud::Found &found) {
  const std::string network = instance.value("InstanceNetworkType", "");
  json ipv6;
  const json *addresses = nullptr;
  if (type == AddressType::ipv6) {
    ipv6 = ipv6_addresses(instance);
    addresses = &ipv6;
  } else if (network == "vpc") {
    addresses = &instance.at("VpcAttributes").at("PrivateIpAddress").at("IpAddress");
  } else if (network == "classic") {
    addresses = &instance.at("InnerIpAddress").at("IpAddress");
  }
  if (addresses == nullptr || addresses->empty()) {
    found.notes.push_back("aliyun: instance " + instance.at("InstanceId").get<std::string>() +
                          " (network type \"" + network + "\") has no " +
                          (type == AddressType::ipv6 ? "IPv6" : "private") + " address");
    return;
  }
  for (const json &address : *addresses) {
    found.addresses.push_back(address.get<std::string>());
  }
}

// The instance's own region from the metadata service (/latest/meta-data/region-id),
// as the Alibaba Cloud SDKs and CLI read it on ECS.
std::string metadata_region(const AliyunSettings &settings, const sdk::CallBounds &interruption,
                            cloud::Found &found) {
  http::HttpRequest request;
  request.url = settings.metadata_url + "/latest/meta-data/region-id";
  request.timeout = std::chrono::seconds(2);
  request.max_body_bytes = 256;
  request.returns_error_answers = true;
  std::string region;
  std::string why = "it did not name the instance's region";
  try {
    const http::HttpResponse answer = http::perform(request, interruption);
    if (answer.status == 200) {
      region = answer.body.substr(0, answer.body.find_first_of("\r\n"));
    } else {
      why = "HTTP " + std::to_string(answer.status);
    }
  } catch (const sdk::Error &error) {
    if (error.status() == sdk::Status::cancelled) {
      throw;
    }
    why = error.what();
  }
  const bool valid =
      !region.empty() && region.size() <= 64 &&
      region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
  if (!valid) {
    throw sdk::Error(sdk::Status::unavailable,
                     "aliyun: region: not given (nor $ALIBABA_CLOUD_REGION_ID), and the "
                     "metadata service could not tell this instance's (GET " +
                         request.url + ": " + why +
                         "): set region=REGION_ID (cn-hangzhou) off ECS");
  }
  found.notes.push_back("aliyun: region " + region + " from the metadata service");
  return region;
}

}  // namespace

std::string signed_query(std::map<std::string, std::string> parameters,
                         const std::string &access_key_secret) {
  std::string query;
  for (const auto &[name, value] : parameters) {
    query += (query.empty() ? "" : "&") + http::encode_url_component(name) + "=" +
             http::encode_url_component(value);
  }
  const std::string to_sign = "POST&%2F&" + http::encode_url_component(query);
  const std::string signature =
      http::encode_base64(cloud::hmac_sha1(access_key_secret + "&", to_sign));
  return query + "&Signature=" + http::encode_url_component(signature);
}

cloud::Found discover_aliyun(const AliyunSettings &settings, const sdk::CallBounds &interruption) {
  cloud::Found found;
  Credentials credentials{settings.access_key_id, settings.access_key_secret,
                          settings.security_token};
  if (credentials.access_key_id.empty()) {
    credentials = role_credentials(settings, interruption, found);
  }
  const std::string region =
      settings.region.empty() ? metadata_region(settings, interruption, found) : settings.region;
  std::map<std::string, std::string> parameters{
      {"Action", "DescribeInstances"},
      {"Version", "2014-05-26"},
      {"Format", "JSON"},
      {"RegionId", region},
      {"Status", "Running"},
      {"PageSize", std::to_string(page_size)},
      {"AccessKeyId", credentials.access_key_id},
      {"SignatureMethod", "HMAC-SHA1"},
      {"SignatureVersion", "1.0"},
  };
  if (!settings.tag_key.empty()) {
    parameters["Tag.1.Key"] = settings.tag_key;
    parameters["Tag.1.Value"] = settings.tag_value;
  }
  if (!credentials.security_token.empty()) {
    parameters["SecurityToken"] = credentials.security_token;
  }
  // The parameters go in a form body, not the URL: the security token and the
  // signature stay out of every message naming the request.
  http::HttpRequest request;
  request.url = settings.ecs_url + "/";
  request.content_type = "application/x-www-form-urlencoded";
  for (int page = 1;; ++page) {
    parameters["PageNumber"] = std::to_string(page);
    parameters["SignatureNonce"] = cloud::random_nonce();
    parameters["Timestamp"] =
        cloud::utc_time_text(std::chrono::system_clock::now(), "%Y-%m-%dT%H:%M:%SZ");
    request.body = signed_query(parameters, credentials.access_key_secret);
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    try {
      const json &instances = answer.document.at("Instances").at("Instance");
      for (const json &instance : instances) {
        add_addresses(instance, settings.address_type, found);
      }
      const long long total = answer.document.at("TotalCount").get<long long>();
      found.notes.push_back("aliyun: page " + std::to_string(page) + " held " +
                            std::to_string(instances.size()) + " of " + std::to_string(total) +
                            " instances");
      if (instances.empty() || static_cast<long long>(page) * page_size >= total) {
        return found;
      }
    } catch (const json::exception &error) {
      throw cloud::unexpected_answer(answer, error);
    }
    cloud::check_page_count(page + 1, answer);
  }
}

}  // namespace joinery::aliyun
