#include "base64.hpp"

#include <openssl/evp.h>

#include <memory>

namespace joinery::http {

std::optional<std::string> decode_base64(std::string_view text) {
  std::unique_ptr<EVP_ENCODE_CTX, decltype(&EVP_ENCODE_CTX_free)> context(EVP_ENCODE_CTX_new(),
                                                                          &EVP_ENCODE_CTX_free);
  if (!context || text.size() > static_cast<std::size_t>(INT32_MAX)) {
    return std::nullopt;
  }
  std::string out(text.size() / 4 * 3 + 3, '\0');
  auto *buffer = reinterpret_cast<unsigned char *>(out.data());
  int written = 0;
  int tail = 0;
  EVP_DecodeInit(context.get());
  if (EVP_DecodeUpdate(context.get(), buffer, &written,
                       reinterpret_cast<const unsigned char *>(text.data()),
                       static_cast<int>(text.size())) < 0 ||
      EVP_DecodeFinal(context.get(), buffer + written, &tail) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written + tail));
  return out;
}

std::string encode_base64(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                      reinterpret_cast<const unsigned char *>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace joinery::http
