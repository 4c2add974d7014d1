#include "compute_api.hpp"

#include "answer_text.hpp"

#include "http_request.hpp"
#include "url_component.hpp"

#include <joinery/plugin.hpp>

#include <set>

namespace joinery::gce {
namespace {

constexpr std::chrono::seconds page_timeout{30};

}  // namespace

ComputePage read_compute_page(std::string_view body, const std::string &what) {
  nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
  if (!answer.is_object()) {
    throw sdk::Error(sdk::Status::unavailable, what + ": the answer is not a JSON object");
  }
  ComputePage page;
  if (const auto items = answer.find("items"); items != answer.end()) {
    if (!items->is_array()) {
      throw sdk::Error(sdk::Status::unavailable, what + ": \"items\" is not an array");
    }
    page.items = std::move(items->get_ref<nlohmann::json::array_t &>());
  }
  if (const auto next = answer.find("nextPageToken"); next != answer.end() && next->is_string()) {
    page.next_page_token = next->get<std::string>();
  }
  return page;
}

PageSizes list_all_pages(const std::string &url, const std::string &token, const std::string &hint,
                         const sdk::CallBounds &interruption, bool &refused,
                         const std::function<void(const nlohmann::json &)> &each) {
  PageSizes listed;
  std::set<std::string> seen_tokens;
  std::string page_token;
  refused = false;
  for (std::size_t page = 1;; ++page) {
    http::HttpRequest request;
    request.url =
        page_token.empty() ? url : url + "?pageToken=" + http::encode_url_component(page_token);
    request.bearer_token = token;
    request.timeout = page_timeout;
    request.returns_error_answers = true;
    const http::HttpResponse response = http::perform(request, interruption);
    if (response.status < 200 || response.status > 299) {
      refused = response.status == 401;
      throw sdk::Error(
          sdk::Status::unavailable,
          http::without_secrets(
              http::describe_request(request) + ": " +
                  cloud::failed_answer(response.status, response.reason, response.body, "status"),
              request) +
              " (" + hint + ")");
    }
    ComputePage read = read_compute_page(response.body, http::describe_request(request));
    listed.push_back(read.items.size());
    for (const nlohmann::json &item : read.items) {
      each(item);
    }
    if (read.next_page_token.empty()) {
      return listed;
    }
    page_token = std::move(read.next_page_token);
    if (!seen_tokens.insert(page_token).second) {
      throw sdk::Error(sdk::Status::unavailable,
                       http::describe_request(request) + ": page " + std::to_string(page) +
                           " repeats nextPageToken \"" + cloud::quoted_answer_text(page_token) +
                           "\" of an earlier page: the list would never end");
    }
    if (page == max_list_pages) {
      throw sdk::Error(sdk::Status::unavailable, http::describe_request(request) + ": more than " +
                                                     std::to_string(max_list_pages) +
                                                     " pages: the list would never end");
    }
  }
}

}  // namespace joinery::gce
