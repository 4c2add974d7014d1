#include "jwt_assertion.hpp"

#include "base64.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace joinery::gce {
namespace {

std::string base64url(std::string_view bytes) {
  std::string text = http::encode_base64(bytes);
  while (!text.empty() && text.back() == '=') {
    text.pop_back();
  }
  for (char &c : text) {
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return text;
}

[[noreturn]] void fail(const GoogleCredentials &credentials, const std::string &what) {
  throw sdk::Error(sdk::Status::unavailable,
                   "credentials file " + sdk::escape_unprintable(credentials.path) + ": " + what);
}

std::string rs256(const GoogleCredentials &credentials, std::string_view signing_input) {
  const std::unique_ptr<BIO, decltype(&BIO_free)> pem(
      BIO_new_mem_buf(credentials.private_key.data(),
                      static_cast<int>(credentials.private_key.size())),
      &BIO_free);
  const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      pem ? PEM_read_bio_PrivateKey(pem.get(), nullptr, nullptr, nullptr) : nullptr,
      &EVP_PKEY_free);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    fail(credentials, "private_key is not an RSA private key in PEM");
  }
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  std::size_t size = 0;
  const auto *input = reinterpret_cast<const unsigned char *>(signing_input.data());
  if (!context ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &size, input, signing_input.size()) != 1) {
    fail(credentials, "private_key cannot sign (OpenSSL refused it)");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &size,
                     input, signing_input.size()) != 1) {
    fail(credentials, "private_key cannot sign (OpenSSL refused it)");
  }
  signature.resize(size);
  return signature;
}

}  // namespace

std::string jwt_assertion(const GoogleCredentials &credentials, std::string_view scope,
                          std::chrono::system_clock::time_point now) {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!credentials.private_key_id.empty()) {
    header["kid"] = credentials.private_key_id;
  }
  const auto issued = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  const nlohmann::json claims = {{"iss", credentials.client_email},
                                 {"scope", scope},
                                 {"aud", credentials.token_uri},
                                 {"iat", issued.count()},
                                 {"exp", (issued + assertion_lifetime).count()}};
  const std::string signing_input = base64url(header.dump()) + "." + base64url(claims.dump());
  return signing_input + "." + base64url(rs256(credentials, signing_input));
}

}  // namespace joinery::gce
