// libcurl's process-wide set-up, tied to the plugin library's lifetime: pass it as
// the hooks of JOINERY_PLUGIN so curl_global_init runs in init (on the main thread,
// before any call) and curl_global_cleanup in deinit.
#pragma once

#include <joinery/plugin.hpp>

#include <curl/curl.h>

namespace joinery::http {

struct CurlLibrary {
  static void on_init(const sdk::Call & /*call*/) {
    if (const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
      throw sdk::Error(sdk::Status::internal,
                       std::string("libcurl did not initialise: ") + curl_easy_strerror(code));
    }
  }
  static void on_deinit() noexcept { curl_global_cleanup(); }
};

}  // namespace joinery::http
