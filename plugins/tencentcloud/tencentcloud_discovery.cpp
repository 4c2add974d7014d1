#include "tencentcloud_discovery.hpp"

#include "answer_text.hpp"
#include "hmac_digest.hpp"
#include "json_api.hpp"
#include "throttle_pause.hpp"

#include <chrono>

namespace joinery::tencentcloud {
namespace {

using nlohmann::json;

constexpr int page_limit = 100;  // DescribeInstances' largest Limit
constexpr int max_throttled_retries = 4;
constexpr const char *content_type = "application/json; charset=utf-8";

// Answers other than 2xx are rare (a gateway's): API 3.0 sends its errors in a 200
// answer's Response.Error, read below.
constexpr cloud::ApiDialect dialect{"tencentcloud", nullptr, nullptr, nullptr, nullptr};

// What the operator should check for an error code of API 3.0.
const char *hint(const std::string &code) {
  if (code.starts_with("AuthFailure")) {
    return "check access_key_id and access_key_secret: a SecretId/SecretKey pair that is "
           "enabled, and the clock of this host";
  }
  if (code.starts_with("UnauthorizedOperation")) {
    return "the CAM user or role needs the cvm:DescribeInstances permission";
  }
  if (code == "InvalidParameterValue" || code.starts_with("InvalidRegion") ||
      code == "UnsupportedRegion") {
    return "check region: a region such as ap-guangzhou";
  }
  return nullptr;
}

// The host (and port) the request goes to, as the signature's host header names it.
std::string host_of(const std::string &url) {
  const std::size_t start = url.find("://") + 3;
  return url.substr(start, url.find('/', start) - start);
}

json request_body(const TencentCloudSettings &settings, int offset) {
  json filters = json::array({{{"Name", "instance-state"}, {"Values", {"RUNNING"}}}});
  if (!settings.tag_key.empty()) {
    filters.push_back({{"Name", "tag:" + settings.tag_key}, {"Values", {settings.tag_value}}});
  }
  return {{"Filters", filters}, {"Offset", offset}, {"Limit", page_limit}};
}

const char *field_of(AddressType type) {
  switch (type) {
    case AddressType::public_v4:
      return "PublicIpAddresses";
    case AddressType::public_v6:
      return "IPv6Addresses";
    case AddressType::private_v4:
      break;
  }
  return "PrivateIpAddresses";
}

// One page's Response, throttling (RequestLimitExceeded) waited out within the deadline.
json describe_page(const TencentCloudSettings &settings, int offset,
                   const sdk::CallBounds &interruption, std::string &request_name) {
  http::HttpRequest request;
  request.url = settings.cvm_url + "/";
  request.body = request_body(settings, offset).dump();
  request.content_type = content_type;
  std::chrono::milliseconds backoff{1000};
  for (int retry = 0;; ++retry) {
    const auto now = std::chrono::system_clock::now();
    const std::int64_t timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    request.headers = {
        "Authorization: " + tc3_authorization(settings.secret_id, settings.secret_key, "cvm",
                                              host_of(request.url), *request.body, timestamp),
        "X-TC-Action: DescribeInstances",
        "X-TC-Version: 2017-03-12",
        "X-TC-Region: " + settings.region,
        "X-TC-Timestamp: " + std::to_string(timestamp),
        "X-TC-Language: en-US"};
    if (!settings.session_token.empty()) {
      request.headers.push_back("X-TC-Token: " + settings.session_token);
    }
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    request_name = answer.request;
    try {
      const json &response = answer.document.at("Response");
      if (!response.contains("Error")) {
        return response;
      }
      const std::string code = response.at("Error").at("Code").get<std::string>();
      const std::string message = response.at("Error").at("Message").get<std::string>();
      if (code == "RequestLimitExceeded" && retry < max_throttled_retries &&
          cloud::pause_within(backoff, interruption)) {
        backoff *= 2;
        continue;
      }
      std::string text = answer.request + ": " + http::without_secrets(code, request) + ": " +
                         cloud::quoted_answer_text(http::without_secrets(message, request));
      if (const char *advice = hint(code)) {
        text += std::string(" (") + advice + ")";
      }
      throw sdk::Error(sdk::Status::unavailable, text);
    } catch (const json::exception &error) {
      throw cloud::unexpected_answer(answer, error);
    }
  }
}

}  // namespace

std::string tc3_authorization(const std::string &secret_id, const std::string &secret_key,
                              const std::string &service, const std::string &host,
                              const std::string &body, std::int64_t timestamp) {
  const std::string date = cloud::utc_time_text(
      std::chrono::system_clock::time_point(std::chrono::seconds(timestamp)), "%Y-%m-%d");
  const std::string canonical_request = std::string("POST\n/\n\ncontent-type:") + content_type +
                                        "\nhost:" + host + "\n\ncontent-type;host\n" +
                                        cloud::lower_hex(cloud::sha256(body));
  const std::string scope = date + "/" + service + "/tc3_request";
  const std::string to_sign = "TC3-HMAC-SHA256\n" + std::to_string(timestamp) + "\n" + scope +
                              "\n" + cloud::lower_hex(cloud::sha256(canonical_request));
  const std::string signing_key = cloud::hmac_sha256(
      cloud::hmac_sha256(cloud::hmac_sha256("TC3" + secret_key, date), service), "tc3_request");
  return "TC3-HMAC-SHA256 Credential=" + secret_id + "/" + scope +
         ", SignedHeaders=content-type;host, Signature=" +
         cloud::lower_hex(cloud::hmac_sha256(signing_key, to_sign));
}

cloud::Found discover_tencentcloud(const TencentCloudSettings &settings,
                                   const sdk::CallBounds &interruption) {
  cloud::Found found;
  const char *field = field_of(settings.address_type);
  std::string request_name;
  for (int page = 1;; ++page) {
    const int offset = (page - 1) * page_limit;
    const json response = describe_page(settings, offset, interruption, request_name);
    try {
      const json &instances = response.at("InstanceSet");
      for (const json &instance : instances) {
        const auto addresses = instance.find(field);
        if (addresses == instance.end() || !addresses->is_array() || addresses->empty()) {
          found.notes.push_back("tencentcloud: instance " +
                                instance.at("InstanceId").get<std::string>() + " has no " + field);
          continue;
        }
        found.addresses.push_back(addresses->at(0).get<std::string>());
      }
      const long long total = response.at("TotalCount").get<long long>();
      if (instances.empty() || offset + static_cast<long long>(instances.size()) >= total) {
        return found;
      }
    } catch (const json::exception &error) {
      throw sdk::Error(
          sdk::Status::unavailable,
          request_name + ": the answer is not of the documented shape: " + error.what());
    }
    if (page + 1 > cloud::max_pages) {
      throw sdk::Error(sdk::Status::unavailable, request_name + ": more than " +
                                                     std::to_string(cloud::max_pages) +
                                                     " pages; the list does not end");
    }
  }
}

}  // namespace joinery::tencentcloud
