// Standard base64 (RFC 4648, with padding), as etcd's JSON gateway encodes keys and
// values and a kubeconfig's "-data" fields hold certificates.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace joinery::http {

// The decoded bytes, or nullopt when `text` is not base64. Line breaks are ignored.
std::optional<std::string> decode_base64(std::string_view text);

// `bytes` encoded, on one line.
std::string encode_base64(std::string_view bytes);

}  // namespace joinery::http
