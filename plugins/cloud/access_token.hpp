// An OAuth 2.0 access token as a token endpoint answers it (RFC 6749 section 5.1), and
// the error answer it gives instead (section 5.2). Google's token endpoints and its
// metadata server, Microsoft Entra ID and Azure's IMDS all answer this shape.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace joinery::cloud {

struct AccessToken {
  std::string value;  // a secret
  std::chrono::steady_clock::time_point expires_at;
};

// The token of `body` ({"access_token": "...", "expires_in": 3599}; expires_in may also
// be a string, as Entra ID's v1 endpoint and IMDS send it), expiring expires_in seconds
// after `now`. Throws sdk::Error(unavailable) naming `source` when the body is not such
// an answer; the message never quotes the body (it may hold a token).
AccessToken read_access_token(std::string_view body, std::chrono::steady_clock::time_point now,
                              std::string_view source);

// "invalid_grant: Invalid JWT Signature." from an error answer's "error" and
// "error_description" (printable, at most 300 bytes), or empty when `body` is not one.
std::string oauth_error(std::string_view body);

}  // namespace joinery::cloud
