#include "json_api.hpp"

#include "throttle_pause.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <algorithm>
#include <charconv>

namespace joinery::cloud {
namespace {

constexpr int max_retries = 4;
constexpr std::chrono::milliseconds first_backoff{1000};
// A list page of a few hundred instances is well under 1 MiB; a larger answer is
// hostile or broken, and is cut off rather than held in memory.
constexpr std::size_t max_answer_bytes = std::size_t{32} << 20;
// How much of an answer that is not an error document an error quotes.
constexpr std::size_t quoted_bytes = 200;

std::string string_member(const nlohmann::json &document, const char *name) {
  if (name == nullptr) {
    return "";
  }
  const auto found = document.find(name);
  return found != document.end() && found->is_string() ? found->get<std::string>() : "";
}

std::string hint(long status, const ApiDialect &dialect) {
  const char *text = status == 400   ? dialect.bad_request_hint
                     : status == 401 ? dialect.unauthorized_hint
                     : status == 403 ? dialect.forbidden_hint
                     : status == 404 ? dialect.not_found_hint
                     : status == 429 ? "the API's rate limit is spent; later attempts retry"
                                     : nullptr;
  return text == nullptr ? "" : text;
}

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
    error = read_error(document, dialect);
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
  if (const std::string advice = hint(response.status, dialect); !advice.empty()) {
    message += " (" + advice + ")";
  }
  return sdk::Error(sdk::Status::unavailable, std::string(dialect.cloud) + ": " + message + note);
}

}  // namespace

CloudError read_error(const nlohmann::json &document, const ApiDialect &dialect) {
  CloudError error;
  if (!document.is_object()) {
    return error;
  }
  error.code = string_member(document, dialect.code_field);
  error.message = string_member(document, dialect.message_field);
  if (dialect.kind_named && document.size() == 1 && document.begin().value().is_object()) {
    const nlohmann::json &kind = document.begin().value();
    error.code =
        document.begin().key() == "error" ? string_member(kind, "title") : document.begin().key();
    error.message = string_member(kind, "message");
  }
  const auto errors = document.find("errors");
  if (errors == document.end() || !errors->is_array()) {
    return error;
  }
  for (const nlohmann::json &entry : *errors) {
    std::string reason = entry.is_string() ? entry.get<std::string>() : "";
    if (entry.is_object()) {
      reason = string_member(entry, "reason");
      if (const std::string field = string_member(entry, "field"); !field.empty()) {
        reason = field + ": " + reason;
      }
    }
    if (!reason.empty()) {
      error.message += (error.message.empty() ? "" : "; ") + reason;
    }
  }
  return error;
}

http::HttpResponse call_api(http::HttpRequest request, const ApiCall &call,
                            const sdk::CallBounds &interruption) {
  request.returns_error_answers = true;
  request.max_body_bytes = std::min(request.max_body_bytes, max_answer_bytes);
  const std::string name = http::describe_request(request);
  std::chrono::milliseconds backoff = first_backoff;
  for (int retry = 0;; ++retry) {
    http::HttpResponse response;
    try {
      response = http::perform(request, interruption);
    } catch (const sdk::Error &error) {
      // The client's errors name the request; say whose API it is too.
      throw sdk::Error(error.status(), call.api + ": " + error.what());
    }
    if (retry < max_retries && call.throttled(response)) {
      const auto asked = retry_after(response);
      const std::chrono::milliseconds pause = asked ? *asked : backoff;
      backoff *= 2;
      if (pause_within(pause, interruption)) {
        continue;
      }
      if (interruption.stop_requested()) {
        throw sdk::Error(sdk::Status::cancelled,
                         call.api + ": " + name + ": cancelled while throttled");
      }
      throw call.failure(response, "; not retried: waiting " + std::to_string(pause.count()) +
                                       " ms would pass the deadline");
    }
    if (response.status < 200 || response.status > 299) {
      throw call.failure(response, "");
    }
    return response;
  }
}

JsonAnswer call_json_api(http::HttpRequest request, const ApiDialect &dialect,
                         const sdk::CallBounds &interruption) {
  request.headers.emplace_back("Accept: application/json");
  const std::string name = http::describe_request(request);
  const ApiCall call{
      dialect.cloud,
      [](const http::HttpResponse &response) { return is_throttling(response.status); },
      [&](const http::HttpResponse &response, const std::string &note) {
        return answer_error(request, name, response, dialect, note);
      }};
  http::HttpResponse response = call_api(request, call, interruption);
  auto document = nlohmann::json::parse(response.body, nullptr, false);
  if (document.is_discarded()) {
    throw sdk::Error(sdk::Status::unavailable,
                     std::string(dialect.cloud) + ": " + name +
                         ": the answer is not JSON: " + quoted(response.body, request));
  }
  return {std::string(dialect.cloud) + ": " + name, std::move(document), std::move(response)};
}

sdk::Error unexpected_answer(const JsonAnswer &answer, const std::exception &error) {
  return sdk::Error(
      sdk::Status::unavailable,
      answer.request + ": the answer is not of the documented shape: " + error.what());
}

std::optional<long long> header_count(const JsonAnswer &answer, std::string_view name) {
  const auto header = answer.response.header(name);
  long long count = 0;
  if (!header || header->empty() ||
      std::from_chars(header->data(), header->data() + header->size(), count).ptr !=
          header->data() + header->size() ||
      count < 0) {
    return std::nullopt;
  }
  return count;
}

void check_page_count(int page, const JsonAnswer &answer) {
  if (page > max_pages) {
    throw sdk::Error(sdk::Status::unavailable, answer.request + ": more than " +
                                                   std::to_string(max_pages) +
                                                   " pages; the list does not end");
  }
}

}  // namespace joinery::cloud
