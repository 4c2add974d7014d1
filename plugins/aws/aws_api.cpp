#include "aws_api.hpp"

#include "answer_text.hpp"
#include "json_api.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <array>

namespace joinery::aws {
namespace {

// "com.amazonaws.ecs#AccessDeniedException" and "AccessDeniedException:http://..." as
// the JSON APIs write their codes: the name alone.
std::string bare_code(std::string code) {
  if (const auto hash = code.rfind('#'); hash != std::string::npos) {
    code.erase(0, hash + 1);
  }
  if (const auto colon = code.find(':'); colon != std::string::npos) {
    code.erase(colon);
  }
  return code;
}

bool is_one_of(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::string hint(const AwsError &error, const AwsApi &api) {
  if (is_one_of(error.code, {"AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId",
                             "SignatureDoesNotMatch", "InvalidSignatureException",
                             "IncompleteSignature", "MissingAuthenticationToken", "ExpiredToken",
                             "ExpiredTokenException", "RequestExpired"})) {
    return "check the credentials, from " + api.credentials;
  }
  if (is_one_of(error.code, {"UnauthorizedOperation", "AccessDenied", "AccessDeniedException"})) {
    return "the credentials need " + api.permission;
  }
  return "";
}

sdk::Error answer_error(const http::HttpRequest &request, const AwsApi &api,
                        const http::HttpResponse &response, const std::string &note) {
  std::string message = api.name + ": " + http::describe_request(request) + ": HTTP " +
                        std::to_string(response.status);
  if (!response.reason.empty()) {
    message += " " + response.reason;
  }
  const AwsError error = read_aws_error(response);
  if (api.credentials_rejected &&
      is_one_of(error.code, {"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
                             "UnrecognizedClientException", "AuthFailure"})) {
    api.credentials_rejected();
  }
  if (!error.code.empty()) {
    message += ": " + error.code;
  }
  if (!error.message.empty()) {
    message += ": " + error.message;
  }
  if (error.code.empty() && error.message.empty() && !response.body.empty()) {
    message += ": " + response.body;
  }
  message = cloud::quoted_answer_text(http::without_secrets(std::move(message), request));
  if (const std::string advice = hint(error, api); !advice.empty()) {
    message += " (" + advice + ")";
  }
  return sdk::Error(sdk::Status::unavailable, message + note);
}

}  // namespace

AwsError read_aws_error(const http::HttpResponse &response) {
  AwsError error;
  const std::string_view body = response.body;
  if (body.find_first_not_of(" \t\r\n") != std::string_view::npos &&
      body[body.find_first_not_of(" \t\r\n")] == '{') {
    const auto document = nlohmann::json::parse(body, nullptr, false);
    if (document.is_object()) {
      for (const char *name : {"__type", "code", "Code"}) {
        if (const auto found = document.find(name); found != document.end() && found->is_string()) {
          error.code = bare_code(found->get<std::string>());
          break;
        }
      }
      for (const char *name : {"message", "Message"}) {
        if (const auto found = document.find(name); found != document.end() && found->is_string()) {
          error.message = found->get<std::string>();
          break;
        }
      }
    }
  } else {
    pugi::xml_document document;
    if (document.load_buffer(body.data(), body.size())) {
      const pugi::xpath_node found = document.select_node("//Error");
      error.code = found.node().child_value("Code");
      error.message = found.node().child_value("Message");
    }
  }
  if (error.code.empty()) {
    if (const auto type = response.header("x-amzn-errortype")) {
      error.code = bare_code(*type);
    }
  }
  return error;
}

http::HttpRequest signed_post(std::string url, std::string body, std::string content_type,
                              const std::string &service, const std::string &region,
                              const AccessKeys &keys) {
  http::HttpRequest request;
  request.url = std::move(url);
  request.body = std::move(body);
  request.content_type = std::move(content_type);
  request.aws_signature = {region, service, keys.access_key_id, keys.secret_access_key};
  if (!keys.session_token.empty()) {
    request.headers.push_back("X-Amz-Security-Token: " + keys.session_token);
  }
  return request;
}

bool is_throttling(long status, std::string_view code) {
  return status == 429 || status == 503 ||
         is_one_of(code, {"RequestLimitExceeded", "Throttling", "ThrottlingException",
                          "TooManyRequestsException", "RequestThrottled"});
}

http::HttpResponse call_aws(http::HttpRequest request, const AwsApi &api,
                            const sdk::CallBounds &interruption) {
  if (!api.ca.empty()) {
    request.tls.ca = api.ca;
  }
  const cloud::ApiCall call{api.name,
                            [](const http::HttpResponse &response) {
                              return is_throttling(response.status, read_aws_error(response).code);
                            },
                            [&](const http::HttpResponse &response, const std::string &note) {
                              return answer_error(request, api, response, note);
                            }};
  return cloud::call_api(request, call, interruption);
}

}  // namespace joinery::aws
