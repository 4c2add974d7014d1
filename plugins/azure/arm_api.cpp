#include "arm_api.hpp"

#include "http_request.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <set>

namespace joinery::azure {
namespace {

constexpr std::chrono::seconds page_timeout{30};
constexpr std::size_t max_quoted_bytes = 400;

std::string printable(const std::string &text) {
  const std::string out = sdk::escape_unprintable(text);
  return out.size() > max_quoted_bytes ? out.substr(0, max_quoted_bytes) + "..." : out;
}

// "https://host:port" of `url`, or empty.
std::string origin_of(const std::string &url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    return {};
  }
  return url.substr(0, url.find('/', scheme + 3));
}

std::string arm_error(const http::HttpResponse &response) {
  std::string out = "HTTP " + std::to_string(response.status);
  const nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
  if (!answer.is_object() || !answer.contains("error") || !answer["error"].is_object()) {
    return response.reason.empty() ? out : out + " " + response.reason;
  }
  const nlohmann::json &error = answer["error"];
  if (const auto code = error.find("code"); code != error.end() && code->is_string()) {
    out += " " + printable(code->get<std::string>());
  }
  if (const auto message = error.find("message"); message != error.end() && message->is_string()) {
    out += ": " + printable(message->get<std::string>());
  }
  return out;
}

}  // namespace

ArmPage read_arm_page(nlohmann::json answer, const std::string &what) {
  ArmPage page;
  if (const auto values = answer.find("value"); values != answer.end()) {
    if (!values->is_array()) {
      throw sdk::Error(sdk::Status::unavailable, what + ": \"value\" is not an array");
    }
    page.values = std::move(values->get_ref<nlohmann::json::array_t &>());
  }
  if (const auto link = answer.find("nextLink"); link != answer.end() && link->is_string()) {
    page.next_link = link->get<std::string>();
  }
  return page;
}

nlohmann::json get_resource(const std::string &url, ArmRequest &arm) {
  http::HttpRequest request;
  request.url = url;
  request.bearer_token = arm.token;
  request.timeout = page_timeout;
  request.returns_error_answers = true;
  const http::HttpResponse response = http::perform(
      request, arm.interruption != nullptr ? *arm.interruption : http::Interruption{});
  if (response.status < 200 || response.status > 299) {
    arm.refused = response.status == 401;
    throw sdk::Error(sdk::Status::unavailable,
                     http::without_secrets(
                         http::describe_request(request) + ": " + arm_error(response), request) +
                         " (" + arm.hint + ")");
  }
  nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
  if (!answer.is_object()) {
    throw sdk::Error(sdk::Status::unavailable,
                     http::describe_request(request) + ": the answer is not a JSON object");
  }
  return answer;
}

ListedValues list_all_pages(const std::string &url, ArmRequest &arm) {
  ListedValues listed;
  const std::string origin = origin_of(url);
  std::set<std::string> seen{url};
  std::string next = url;
  for (std::size_t page = 1;; ++page) {
    ArmPage read = read_arm_page(get_resource(next, arm), "GET " + sdk::escape_unprintable(next));
    listed.page_sizes.push_back(read.values.size());
    for (nlohmann::json &value : read.values) {
      listed.values.push_back(std::move(value));
    }
    if (read.next_link.empty()) {
      return listed;
    }
    const std::string previous = next;
    next = std::move(read.next_link);
    const auto fail = [&](const std::string &why) {
      throw sdk::Error(sdk::Status::unavailable, "GET " + sdk::escape_unprintable(previous) +
                                                     ": page " + std::to_string(page) + "'s " +
                                                     why);
    };
    if (origin.empty() || !next.starts_with(origin + "/")) {
      fail("nextLink \"" + printable(next) + "\" leaves " + origin +
           ": not followed (the bearer token would go with it)");
    }
    if (!seen.insert(next).second) {
      fail("nextLink \"" + printable(next) +
           "\" repeats an earlier page: the list would never "
           "end");
    }
    if (page == max_list_pages) {
      fail("nextLink goes past " + std::to_string(max_list_pages) +
           " pages: the list would never end");
    }
  }
}

}  // namespace joinery::azure
