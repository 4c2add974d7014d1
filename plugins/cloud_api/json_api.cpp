#include "json_api.hpp"

#include "throttle_pause.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <algorithm>

namespace joinery::cloud {
namespace {

constexpr int max_retries = 4;
constexpr std::chrono::milliseconds first_backoff{1000};
// A list page of a few hundred instances is well under 1 MiB; a larger answer is
// hostile or broken, and is cut off rather than held in memory.
constexpr std::size_t max_answer_bytes = std::size_t{32} << 20;
// How much of an answer that is not an error document an error quotes.
constexpr std::size_t quoted_bytes = 200;

bool is_throttling(long status) {
  return status == 429 || status == 503;
}

// The cloud's text, as an error may quote it: what the request sent in confidence
// masked first, then cut and made printable.
std::string quoted(std::string text, const http::HttpRequest &request) {
  text = http::without_secrets(std::move(text), request);
  if (text.size() > quoted_bytes) {
    text.resize(quoted_bytes);
    text += "...";
  }
  return sdk::escape_unprintable(text);
}

sdk::Error answer_error(const http::HttpRequest &request, const std::string &name,
                        const http::HttpResponse &response, const ApiDialect &dialect,
                        const std::string &note) {
  std::string message = name + ": HTTP " + std::to_string(response.status);
  if (!response.reason.empty()) {
    message += " " + response.reason;
  }
  CloudError error;
  if (auto document = nlohmann::json::parse(response.body, nullptr, false);
      !document.is_discarded()) {
    error = dialect.read_error(document);
  }
  if (!error.code.empty()) {
    message += ": " + quoted(error.code, request);
  }
  if (!error.message.empty()) {
    message += ": " + quoted(error.message, request);
  }
  if (error.code.empty() && error.message.empty() && !response.body.empty()) {
    message += ": " + quoted(response.body, request);
  }
  if (const std::string hint = dialect.hint(response.status); !hint.empty()) {
    message += " (" + hint + ")";
  }
  return sdk::Error(sdk::Status::unavailable, std::string(dialect.cloud) + ": " + message + note);
}

}  // namespace

JsonAnswer call_json_api(http::HttpRequest request, const ApiDialect &dialect,
                         const http::Interruption &interruption) {
  request.returns_error_answers = true;
  request.max_body_bytes = std::min(request.max_body_bytes, max_answer_bytes);
  request.headers.emplace_back("Accept: application/json");
  const std::string name = http::describe_request(request);
  std::chrono::milliseconds backoff = first_backoff;
  for (int retry = 0;; ++retry) {
    http::HttpResponse response = http::perform(request, interruption);
    if (is_throttling(response.status) && retry < max_retries) {
      const auto asked = retry_after(response);
      const std::chrono::milliseconds pause = asked ? *asked : backoff;
      backoff *= 2;
      if (pause_within(pause, interruption)) {
        continue;
      }
      if (interruption.cancelled && interruption.cancelled()) {
        throw sdk::Error(sdk::Status::cancelled,
                         std::string(dialect.cloud) + ": " + name + ": cancelled while throttled");
      }
      throw answer_error(request, name, response, dialect,
                         "; not retried: waiting " + std::to_string(pause.count()) +
                             " ms would pass the deadline");
    }
    if (response.status < 200 || response.status > 299) {
      throw answer_error(request, name, response, dialect, "");
    }
    auto document = nlohmann::json::parse(response.body, nullptr, false);
    if (document.is_discarded()) {
      throw sdk::Error(sdk::Status::unavailable,
                       std::string(dialect.cloud) + ": " + name +
                           ": the answer is not JSON: " + quoted(response.body, request));
    }
    return {std::string(dialect.cloud) + ": " + name, std::move(document), std::move(response)};
  }
}

sdk::Error unexpected_answer(const JsonAnswer &answer, const std::exception &error) {
  return sdk::Error(
      sdk::Status::unavailable,
      answer.request + ": the answer is not of the documented shape: " + error.what());
}

void check_page_count(int page, const JsonAnswer &answer) {
  if (page > max_pages) {
    throw sdk::Error(sdk::Status::unavailable, answer.request + ": more than " +
                                                   std::to_string(max_pages) +
                                                   " pages; the list does not end");
  }
}

}  // namespace joinery::cloud
