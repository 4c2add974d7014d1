#include "http_discovery.hpp"

#include "token_file.hpp"

namespace joinery::http {

ExtractedAddresses discover_http(const HttpSettings &settings, const Interruption &interruption) {
  HttpRequest request = settings.request;
  if (!settings.bearer_token_file.empty()) {
    auto token = read_token_file(settings.bearer_token_file);
    if (!token) {
      throw sdk::Error(sdk::Status::unavailable, describe_request(request) +
                                                     ": cannot read bearer_token_file " +
                                                     settings.bearer_token_file);
    }
    request.bearer_token = std::move(*token);
  }
  const HttpResponse response = perform(request, interruption);
  try {
    return extract_addresses(response.body, settings.query);
  } catch (const sdk::Error &error) {
    throw sdk::Error(error.status(), describe_request(request) + ": " + error.what());
  }
}

}  // namespace joinery::http
