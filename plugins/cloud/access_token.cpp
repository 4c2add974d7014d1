#include "access_token.hpp"

#include "answer_text.hpp"

#include <joinery/plugin.hpp>

#include <nlohmann/json.hpp>

#include <charconv>

namespace joinery::cloud {
AccessToken read_access_token(std::string_view body, std::chrono::steady_clock::time_point now,
                              std::string_view source) {
  const auto fail = [&](const std::string &what) -> AccessToken {
    throw sdk::Error(sdk::Status::unavailable,
                     "the token answer of " + std::string(source) + " " + what);
  };
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
  if (!answer.is_object()) {
    return fail("is not a JSON object");
  }
  const auto token = answer.find("access_token");
  if (token == answer.end() || !token->is_string() ||
      token->get_ref<const std::string &>().empty()) {
    return fail("has no access_token");
  }
  long long seconds = -1;
  if (const auto expires = answer.find("expires_in"); expires != answer.end()) {
    if (expires->is_number_integer()) {
      seconds = expires->get<long long>();
    } else if (expires->is_string()) {
      const auto &text = expires->get_ref<const std::string &>();
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
      if (error != std::errc{} || end != text.data() + text.size()) {
        seconds = -1;
      }
    }
  }
  if (seconds < 0 || seconds > 24LL * 3600 * 366) {
    return fail("has no expires_in in seconds");
  }
  return {token->get<std::string>(), now + std::chrono::seconds(seconds)};
}

std::string oauth_error(std::string_view body) {
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
  if (!answer.is_object()) {
    return {};
  }
  const auto error = answer.find("error");
  if (error == answer.end() || !error->is_string()) {
    return {};
  }
  std::string out = quoted_answer_text(error->get<std::string>());
  if (const auto description = answer.find("error_description");
      description != answer.end() && description->is_string()) {
    out += ": " + quoted_answer_text(description->get<std::string>());
  }
  return out;
}

}  // namespace joinery::cloud
