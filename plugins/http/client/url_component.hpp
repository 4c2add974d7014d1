// One part of a URL or of a form body (a path segment, a query value, a client
// secret) percent-encoded as RFC 3986 wants it: every byte but ALPHA, DIGIT and
// "-._~" (libcurl's curl_easy_escape).
#pragma once

#include <string>
#include <string_view>

namespace joinery::http {

std::string encode_url_component(std::string_view text);

}  // namespace joinery::http
