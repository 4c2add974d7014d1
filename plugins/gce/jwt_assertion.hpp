// The JWT a service account presents to Google's token endpoint (RFC 7523, the
// "JWT bearer" grant): claims iss, scope, aud, iat and exp, signed RS256 with the
// account's private key through OpenSSL.
#pragma once

#include "google_credentials.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace joinery::gce {

// How long the assertion is valid: Google accepts at most an hour.
inline constexpr std::chrono::seconds assertion_lifetime{3600};

// header.claims.signature, each base64url without padding. Throws
// sdk::Error(unavailable) naming the file when its private_key is not an RSA key in PEM.
std::string jwt_assertion(const GoogleCredentials &credentials, std::string_view scope,
                          std::chrono::system_clock::time_point now);

}  // namespace joinery::gce
