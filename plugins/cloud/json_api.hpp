// One call of a cloud's JSON REST API as the REST providers make it: the answer read
// whatever its status, so that an error carries the cloud's own code and message and
// a hint for the operator; throttling (429, 503) waited out within the deadline.
#pragma once

#include <joinery/plugin.hpp>
#include "http_request.hpp"

#include <nlohmann/json.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace joinery::cloud {

// What a cloud's error document says; either may be empty.
struct CloudError {
  std::string code;     // "unauthorized", "SoftLayer_Exception_InvalidLegacyToken"
  std::string message;  // "Unable to authenticate you"
};

// What tells one cloud's API apart in its errors. Its error document is an object with
// a code and a message member, or an "errors" array of strings or of objects with a
// "reason" (and a "field"), as Linode and Equinix Metal send.
struct ApiDialect {
  const char *cloud;          // as messages name it: "digitalocean"
  const char *code_field;     // "id", "type", "code"; nullptr: none
  const char *message_field;  // "message", "error"; nullptr: none
  // What the operator should check after a 401, a 403 and a 404; nullptr: nothing.
  const char *unauthorized_hint;
  const char *forbidden_hint;
  const char *not_found_hint = nullptr;
  // The document is one member named by the error's kind, holding its message
  // ({"itemNotFound": {"code": 404, "message": ...}}, as OpenStack's services write
  // it; Keystone's {"error": {"title": ..., "message": ...}} gives its title): that
  // name (or title) is the code, its "message" the message.
  bool kind_named = false;
  // What to check after a 400 (Aliyun's signature and time stamp errors); nullptr: nothing.
  const char *bad_request_hint = nullptr;
};

// The code and message of an error document (parsed JSON of any shape).
CloudError read_error(const nlohmann::json &document, const ApiDialect &dialect);

struct JsonAnswer {
  std::string request;  // "digitalocean: GET https://...", as messages name it
  nlohmann::json document;
  http::HttpResponse response;  // the status and headers (paging totals)
};

// A provider never follows more pages than this of one list: a server that always
// says "next" cannot keep a call going.
inline constexpr int max_pages = 1000;

// How call_api tells a cloud's answers apart: which ask to slow down, and the error a
// failed one becomes (`note` says why it was not retried, or is empty).
struct ApiCall {
  std::string api;  // as messages name it: "digitalocean", "aws ec2 eu-west-1"
  std::function<bool(const http::HttpResponse &)> throttled;
  std::function<sdk::Error(const http::HttpResponse &, const std::string &note)> failure;
};

// Performs `request` (reading at most 32 MiB of any answer) and returns its 2xx answer.
// A throttled answer is retried (up to 4 times) after its Retry-After, else after 1 s,
// 2 s, 4 s, 8 s, while the deadline allows. Throws call.failure()'s error for another
// answer; sdk::Error naming the API for a transport failure, `cancelled` when the call was.
http::HttpResponse call_api(http::HttpRequest request, const ApiCall &call,
                            const sdk::CallBounds &interruption);

// Performs `request` and returns the parsed JSON of its 2xx answer. A 429 or 503 is
// retried (up to 4 times) after its Retry-After, else after 1 s, 2 s, 4 s, 8 s, while
// the deadline allows. Throws sdk::Error: `unavailable` naming the request, the HTTP
// status, the cloud's code and message and the hint (secrets masked), for an answer
// that is not JSON too; `cancelled` when the call was.
JsonAnswer call_json_api(http::HttpRequest request, const ApiDialect &dialect,
                         const sdk::CallBounds &interruption);

// The error for an answer whose JSON is not of the documented shape (a field missing
// or of another type: what nlohmann::json throws while a provider reads it).
sdk::Error unexpected_answer(const JsonAnswer &answer, const std::exception &error);

// The count a header of the answer holds (X-Total-Count); nullopt when absent or not a count.
std::optional<long long> header_count(const JsonAnswer &answer, std::string_view name);

// Throws sdk::Error(unavailable) once `page` passes max_pages.
void check_page_count(int page, const JsonAnswer &answer);

}  // namespace joinery::cloud
