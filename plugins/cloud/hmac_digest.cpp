#include "hmac_digest.hpp"

#include <joinery/plugin.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <ctime>

namespace joinery::cloud {
namespace {

std::string keyed_digest(const EVP_MD *digest, std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  if (HMAC(digest, key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char *>(data.data()), data.size(), out.data(),
           &length) == nullptr) {
    throw sdk::Error(sdk::Status::internal, "HMAC failed (OpenSSL)");
  }
  return {reinterpret_cast<const char *>(out.data()), length};
}

}  // namespace

std::string hmac_sha1(std::string_view key, std::string_view data) {
  return keyed_digest(EVP_sha1(), key, data);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return keyed_digest(EVP_sha256(), key, data);
}

std::string sha256(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw sdk::Error(sdk::Status::internal, "SHA-256 failed (OpenSSL)");
  }
  return {reinterpret_cast<const char *>(out.data()), length};
}

std::string lower_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (const char byte : bytes) {
    const auto value = static_cast<unsigned char>(byte);
    text += digits[value >> 4];
    text += digits[value & 0xf];
  }
  return text;
}

std::string utc_time_text(std::chrono::system_clock::time_point when, const char *format) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  std::array<char, 64> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), format, &parts);
  return {text.data(), length};
}

std::string random_nonce() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw sdk::Error(sdk::Status::internal, "no random bytes for a nonce (OpenSSL)");
  }
  return lower_hex({reinterpret_cast<const char *>(bytes.data()), bytes.size()});
}

}  // namespace joinery::cloud
