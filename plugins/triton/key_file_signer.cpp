#include "key_file_signer.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/regular_file.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace joinery::triton {
namespace {

constexpr std::size_t max_key_bytes = 64 * 1024;

sdk::Error key_error(const std::string &path, const std::string &what) {
  return sdk::Error(sdk::Status::unavailable, "triton: key_file " + path + ": " + what);
}

}  // namespace

Signature sign_with_key_file(const std::string &path, const std::string &data) {
  const sdk::FileText text = sdk::read_regular_file(path, max_key_bytes);
  if (!text) {
    throw key_error(path, text.error);
  }
  if (text.text.find("BEGIN OPENSSH PRIVATE KEY") != std::string::npos) {
    throw key_error(path,
                    "a key in OpenSSH's own format; convert it to PEM "
                    "(ssh-keygen -p -m PEM -f FILE) or use the ssh-agent");
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(text.text.data(), static_cast<int>(text.text.size())), BIO_free);
  // An empty passphrase callback: an encrypted key fails instead of prompting.
  auto no_passphrase = [](char *, int, int, void *) { return 0; };
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr,
      EVP_PKEY_free);
  if (!key) {
    throw key_error(path, "not an unencrypted PEM or PKCS#8 private key");
  }
  Signature signature;
  const EVP_MD *digest = EVP_sha256();
  switch (EVP_PKEY_base_id(key.get())) {
    case EVP_PKEY_RSA:
      signature.algorithm = "rsa-sha256";
      break;
    case EVP_PKEY_ED25519:
      signature.algorithm = "ed25519-sha512";
      digest = nullptr;  // Ed25519 hashes by itself
      break;
    case EVP_PKEY_EC:
      if (EVP_PKEY_bits(key.get()) > 384) {
        signature.algorithm = "ecdsa-sha512";
        digest = EVP_sha512();
      } else if (EVP_PKEY_bits(key.get()) > 256) {
        signature.algorithm = "ecdsa-sha384";
        digest = EVP_sha384();
      } else {
        signature.algorithm = "ecdsa-sha256";
      }
      break;
    default:
      throw key_error(path, "not an RSA, ECDSA or Ed25519 key");
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  EVP_MD_CTX_free);
  std::size_t length = 0;
  const auto *bytes = reinterpret_cast<const unsigned char *>(data.data());
  if (!context || EVP_DigestSignInit(context.get(), nullptr, digest, nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, bytes, data.size()) != 1) {
    throw key_error(path, "signing failed (OpenSSL)");
  }
  signature.bytes.resize(length);
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.bytes.data()),
                     &length, bytes, data.size()) != 1) {
    throw key_error(path, "signing failed (OpenSSL)");
  }
  signature.bytes.resize(length);
  return signature;
}

}  // namespace joinery::triton
