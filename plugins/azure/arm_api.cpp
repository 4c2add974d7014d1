#include "arm_api.hpp"

#include "answer_text.hpp"

#include "http_request.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <set>

namespace joinery::azure {
namespace {

constexpr std::chrono::seconds page_timeout{30};

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
  const http::HttpResponse response =
      http::perform(request, arm.interruption != nullptr ? *arm.interruption : sdk::CallBounds{});
  if (response.status < 200 || response.status > 299) {
    arm.refused = response.status == 401;
    throw sdk::Error(
        sdk::Status::unavailable,
        http::without_secrets(
            http::describe_request(request) + ": " +
                cloud::failed_answer(response.status, response.reason, response.body, "code"),
            request) +
            " (" + arm.hint + ")");
  }
  nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
  if (!answer.is_object()) {
    throw sdk::Error(sdk::Status::unavailable,
                     http::describe_request(request) + ": the answer is not a JSON object");
  }
  return answer;
}

PageSizes list_all_pages(const std::string &url, ArmRequest &arm,
                         const std::function<void(const nlohmann::json &)> &each) {
  PageSizes listed;
  const std::string origin = http::origin_of(url);
  std::set<std::string> seen{url};
  std::string next = url;
  for (std::size_t page = 1;; ++page) {
    ArmPage read = read_arm_page(get_resource(next, arm), "GET " + sdk::escape_unprintable(next));
    listed.push_back(read.values.size());
    for (const nlohmann::json &value : read.values) {
      each(value);
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
    if (origin.empty() || http::origin_of(next) != origin) {
      fail("nextLink \"" + cloud::quoted_answer_text(next) + "\" leaves " + origin +
           ": not followed (the bearer token would go with it)");
    }
    if (!seen.insert(next).second) {
      fail("nextLink \"" + cloud::quoted_answer_text(next) +
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
