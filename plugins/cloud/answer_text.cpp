#include "answer_text.hpp"

#include "access_token.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <nlohmann/json.hpp>

namespace joinery::cloud {

std::string quoted_answer_text(std::string_view text) {
  const std::string printable = sdk::escape_unprintable(text);
  return printable.size() > max_quoted_bytes ? printable.substr(0, max_quoted_bytes) + "..."
                                             : printable;
}

std::string error_document(std::string_view body, const char *code_member) {
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
  if (!answer.is_object()) {
    return {};
  }
  const auto error = answer.find("error");
  if (error == answer.end() || !error->is_object()) {
    return {};
  }
  std::string out;
  if (const auto code = error->find(code_member); code != error->end() && code->is_string()) {
    out = quoted_answer_text(code->get<std::string>());
  }
  if (const auto message = error->find("message");
      message != error->end() && message->is_string()) {
    out += (out.empty() ? "" : ": ") + quoted_answer_text(message->get<std::string>());
  }
  return out;
}

std::string failed_answer(long status, std::string_view reason, std::string_view body,
                          const char *code_member) {
  const std::string out = "HTTP " + std::to_string(status);
  if (const std::string document = error_document(body, code_member); !document.empty()) {
    return out + " " + document;
  }
  if (const std::string oauth = oauth_error(body); !oauth.empty()) {
    return out + " " + oauth;
  }
  return reason.empty() ? out : out + " " + std::string(reason);
}

}  // namespace joinery::cloud
