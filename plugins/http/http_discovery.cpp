#include "http_discovery.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace joinery::http {
namespace {

std::string read_token_file(const HttpRequest &request, const std::string &file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    throw sdk::Error(sdk::Status::unavailable,
                     describe_request(request) + ": cannot read bearer_token_file " + file);
  }
  std::string token = text.str();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
    token.pop_back();  // the newline editors leave at the end
  }
  return token;
}

}  // namespace

ExtractedAddresses discover_http(const HttpSettings &settings, const Interruption &interruption) {
  HttpRequest request = settings.request;
  if (!settings.bearer_token_file.empty()) {
    request.bearer_token = read_token_file(request, settings.bearer_token_file);
  }
  const HttpResponse response = perform(request, interruption);
  try {
    return extract_addresses(response.body, settings.query);
  } catch (const sdk::Error &error) {
    throw sdk::Error(error.status(), describe_request(request) + ": " + error.what());
  }
}

}  // namespace joinery::http
