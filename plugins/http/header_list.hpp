// The http provider's `header` key: several "Name: value" headers in one value,
// separated by commas (a provider string cannot repeat a key).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace joinery::http {

// Splits "X-A: 1, X-B: 2" into {"X-A: 1", "X-B: 2"}. A comma followed by something
// that does not start with "Name:" belongs to the value before it, so
// "Accept: text/plain, application/json" stays one header. Throws sdk::Error
// (invalid_config) when the first part is not "Name: value".
std::vector<std::string> split_headers(std::string_view value);

}  // namespace joinery::http
