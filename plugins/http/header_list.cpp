#include "header_list.hpp"

#include <joinery/plugin.hpp>

namespace joinery::http {
namespace {

// RFC 9110 token characters, which a header name is made of.
bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && is_blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) {
    text.remove_prefix(1);
  }
  return trim_end(text);
}

// True for "Name: ..." (a token, then a colon).
bool starts_header(std::string_view part) {
  const std::size_t colon = part.find(':');
  if (colon == 0 || colon == std::string_view::npos) {
    return false;
  }
  for (char c : part.substr(0, colon)) {
    if (!is_token_char(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> split_headers(std::string_view value) {
  std::vector<std::string> headers;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view raw = value.substr(0, comma);
    const std::string_view part = trim(raw);
    if (starts_header(part)) {
      headers.emplace_back(part);
    } else if (!headers.empty()) {
      headers.back().append(",").append(trim_end(raw));  // a comma inside the value
    } else if (!part.empty()) {
      // The text itself is not quoted: headers hold secrets.
      throw sdk::Error(sdk::Status::invalid_config,
                       "header: the first part is not of the form \"Name: value\"");
    }
    if (comma == std::string_view::npos) {
      break;
    }
    value.remove_prefix(comma + 1);
  }
  return headers;
}

}  // namespace joinery::http
