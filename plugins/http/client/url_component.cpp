#include "url_component.hpp"

#include <joinery/plugin.hpp>

#include <curl/curl.h>

#include <memory>

namespace joinery::http {

std::string encode_url_component(std::string_view text) {
  const std::unique_ptr<char, decltype(&curl_free)> encoded(
      curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free);
  if (encoded == nullptr) {
    throw sdk::Error(sdk::Status::internal, "out of memory");
  }
  return encoded.get();
}

}  // namespace joinery::http
