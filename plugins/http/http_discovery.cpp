#include "http_discovery.hpp"

#include "token_file.hpp"

namespace joinery::http {

ExtractedAddresses discover_http(const HttpSettings &settings,
                                 const sdk::CallBounds &interruption) {
  HttpRequest request = settings.request;
  if (!settings.bearer_token_file.empty()) {
    auto token = read_token_file(settings.bearer_token_file);
    if (!token) {
      throw sdk::Error(sdk::Status::unavailable,
                       describe_request(request) + ": cannot read bearer_token_file " +
                           settings.bearer_token_file + ": " + token.error);
    }
    request.bearer_token = std::move(token.text);
  }
  const HttpResponse response = perform(request, interruption);
  try {
    return extract_addresses(response.body, settings.query);
  } catch (const sdk::Error &error) {
    // The message may quote the answer, and the answer may quote the token: explain
    // the answer with the request's secrets masked (before the quote is cut).
    std::string message = error.what();
    if (const std::string masked = without_secrets(response.body, request);
        masked != response.body) {
      try {
        extract_addresses(masked, settings.query);
      } catch (const sdk::Error &again) {
        message = again.what();
      }
    }
    throw sdk::Error(error.status(),
                     describe_request(request) + ": " + without_secrets(message, request));
  }
}

}  // namespace joinery::http
