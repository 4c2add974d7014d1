// Secret values written as *** in text that is about to be quoted (a log line, an error,
// a server's answer). The one masking rule, shared by the host (which masks every value
// of a key declared secret) and plugins (which mask what they alone know, e.g. a token
// read from a file).
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::sdk {

// Values shorter than this are not masked: masking one or two characters would garble
// ordinary words and tell a reader the value anyway.
inline constexpr std::size_t min_masked_size = 3;

inline constexpr std::string_view mask = "***";

// `text` with every occurrence of every value in `secrets` written as ***; a longer
// secret is masked before a shorter one that it contains, so it is masked whole.
inline std::string mask_values(std::string text, std::vector<std::string_view> secrets) {
  std::sort(secrets.begin(), secrets.end(),
            [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  for (const std::string_view secret : secrets) {
    if (secret.size() < min_masked_size) {
      continue;
    }
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + mask.size())) {
      text.replace(at, secret.size(), mask);
    }
  }
  return text;
}

// Where the user information of a URL in `text` is ("http://user:password@host/":
// the span of "user:password"), or {npos, 0} when `text` holds none.
struct UserInfoSpan {
  std::size_t at = std::string_view::npos;
  std::size_t size = 0;
};

inline UserInfoSpan find_user_info(std::string_view text, std::size_t from = 0) {
  for (std::size_t scheme_end = text.find("://", from); scheme_end != std::string_view::npos;
       scheme_end = text.find("://", scheme_end + 3)) {
    const std::size_t start = scheme_end + 3;
    const std::size_t authority_end = text.find_first_of("/?# \t\"", start);
    const std::string_view authority =
        text.substr(start, authority_end == std::string_view::npos ? std::string_view::npos
                                                                   : authority_end - start);
    const std::size_t at_sign = authority.rfind('@');
    if (at_sign != std::string_view::npos && at_sign > 0) {
      return {start, at_sign};
    }
  }
  return {};
}

// `text` with the secret part of every URL's user information masked: the password
// ("http://bob:***@host/"), or the whole of it when there is no password
// ("https://***@host/": a token given as the user name).
inline std::string mask_url_user_info(std::string text) {
  for (UserInfoSpan span = find_user_info(text); span.at != std::string::npos;
       span = find_user_info(text, span.at)) {
    const std::string_view info = std::string_view(text).substr(span.at, span.size);
    const std::size_t colon = info.find(':');
    const std::size_t secret_at = colon == std::string_view::npos ? 0 : colon + 1;
    text.replace(span.at + secret_at, span.size - secret_at, mask);
    span.at += secret_at + mask.size();
  }
  return text;
}

}  // namespace joinery::sdk
