#include "triton_discovery.hpp"

#include "base64.hpp"
#include "hmac_digest.hpp"
#include "json_api.hpp"
#include "key_file_signer.hpp"
#include "ssh_agent.hpp"
#include "url_component.hpp"

#include <algorithm>
#include <chrono>

namespace joinery::triton {
namespace {

using nlohmann::json;

constexpr int page_limit = 1000;  // ListMachines' largest limit
constexpr std::chrono::milliseconds agent_timeout{5000};

// {"code": "InvalidCredentials", "message": "Invalid key ..."}
constexpr cloud::ApiDialect dialect{
    "triton",
    "code",
    "message",
    "check account and key_id: the key must be one of the account's (triton key list)",
    "the account (or its sub-user) needs the ListMachines permission",
    "check account and url: the account's CloudAPI"};

std::chrono::milliseconds agent_wait(const sdk::CallBounds &interruption) {
  if (!interruption.deadline) {
    return agent_timeout;
  }
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      *interruption.deadline - std::chrono::steady_clock::now());
  return std::clamp(left, std::chrono::milliseconds(1), agent_timeout);
}

std::vector<std::string> signed_headers(const TritonSettings &settings,
                                        const sdk::CallBounds &interruption) {
  const std::string date =
      cloud::utc_time_text(std::chrono::system_clock::now(), "%a, %d %b %Y %H:%M:%S GMT");
  const std::string to_sign = "date: " + date;
  const Signature signature = settings.key_file.empty()
                                  ? sign_with_agent(settings.agent_socket, settings.key_id, to_sign,
                                                    agent_wait(interruption), interruption)
                                  : sign_with_key_file(settings.key_file, to_sign);
  return {"Date: " + date,
          "Authorization: Signature keyId=\"/" + settings.account + "/keys/" + settings.key_id +
              "\",algorithm=\"" + signature.algorithm + "\",headers=\"date\",signature=\"" +
              http::encode_base64(signature.bytes) + "\"",
          "Accept-Version: ~9||~8"};
}

}  // namespace

cloud::Found discover_triton(const TritonSettings &settings, const sdk::CallBounds &interruption) {
  cloud::Found found;
  std::string base = settings.url + "/" + http::encode_url_component(settings.account) +
                     "/machines?limit=" + std::to_string(page_limit);
  if (!settings.tag_key.empty()) {
    base += "&tag." + http::encode_url_component(settings.tag_key) + "=" +
            http::encode_url_component(settings.tag_value);
  }
  http::HttpRequest request;
  long long offset = 0;
  for (int page = 1;; ++page) {
    request.url = base + "&offset=" + std::to_string(offset);
    request.headers = signed_headers(settings, interruption);
    const cloud::JsonAnswer answer = cloud::call_json_api(request, dialect, interruption);
    try {
      const json &machines = answer.document;
      for (const json &machine : machines) {
        const std::string address = machine.value("primaryIp", "");
        if (address.empty()) {
          found.notes.push_back("triton: machine " + machine.at("name").get<std::string>() + " (" +
                                machine.at("id").get<std::string>() + ") has no primary IP");
          continue;
        }
        found.addresses.push_back(address);
      }
      offset += static_cast<long long>(machines.size());
      const auto total = cloud::header_count(answer, "x-resource-count");
      if (machines.size() < static_cast<std::size_t>(page_limit) || (total && offset >= *total)) {
        return found;
      }
    } catch (const json::exception &error) {
      throw cloud::unexpected_answer(answer, error);
    }
    cloud::check_page_count(page + 1, answer);
  }
}

}  // namespace joinery::triton
