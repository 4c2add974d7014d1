// The keyed digests and hashes the clouds' request signatures are built from
// (Aliyun's HMAC-SHA1, Tencent Cloud's TC3-HMAC-SHA256), computed with OpenSSL, and
// the UTC time stamps the signatures carry.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace joinery::cloud {

// The raw digest bytes of HMAC(key, data).
std::string hmac_sha1(std::string_view key, std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

// The raw SHA-256 of `data`.
std::string sha256(std::string_view data);

// `bytes` as lower-case hexadecimal.
std::string lower_hex(std::string_view bytes);

// `when` in UTC as strftime's `format` writes it ("%Y-%m-%dT%H:%M:%SZ").
std::string utc_time_text(std::chrono::system_clock::time_point when, const char *format);

// 16 random bytes as hexadecimal: a request's nonce.
std::string random_nonce();

}  // namespace joinery::cloud
