#include "http_settings.hpp"

#include "header_list.hpp"

#include <algorithm>
#include <cctype>

namespace joinery::http {
namespace {

using sdk::Error;
using sdk::Status;

[[noreturn]] void reject(std::string_view key, const std::string &problem) {
  throw Error(Status::invalid_config, std::string(key) + ": " + problem);
}

bool has_http_scheme(std::string_view url) {
  std::string lower(url.substr(0, 8));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.starts_with("http://") || lower.starts_with("https://");
}

std::vector<std::string> strings(const std::vector<std::string_view> &views) {
  return {views.begin(), views.end()};
}

}  // namespace

HttpSettings read_http_settings(const sdk::Config &config) {
  HttpSettings settings;
  HttpRequest &request = settings.request;

  request.url = config.require("url");
  if (!has_http_scheme(request.url)) {
    reject("url", "\"" + request.url + "\" must start with http:// or https://");
  }
  if (const auto body = config.get("body"); body && !body->empty()) {
    request.body = std::string(*body);
  }
  request.headers = split_headers(config.get_or("header", ""));
  request.bearer_token = config.get_or("bearer_token", "");
  settings.bearer_token_file = config.get_or("bearer_token_file", "");
  if (!request.bearer_token.empty() && !settings.bearer_token_file.empty()) {
    reject("bearer_token_file", "set either bearer_token or bearer_token_file, not both");
  }
  const auto pem_file = [&](const char *key) {
    return PemSource{.file = std::string(config.get_or(key, "")), .pem = {}, .key = key};
  };
  request.tls.ca = pem_file("ca_file");
  request.tls.client_certificate = pem_file("cert_file");
  request.tls.client_key = pem_file("key_file");
  if (request.tls.client_certificate.empty() && !request.tls.client_key.empty()) {
    reject("key_file", "needs cert_file");
  }
  request.tls.insecure = config.get_bool("insecure", false);
  request.timeout = config.get_duration("timeout", std::chrono::seconds(10));

  AddressQuery &query = settings.query;
  query.json_pointer = config.get_or("json_pointer", "");
  if (const auto problem = json_pointer_problem(query.json_pointer)) {
    reject("json_pointer", *problem);
  }
  query.fields = strings(config.get_list("field"));
  query.port_fields = strings(config.get_list("port_field"));
  for (const std::string &field : query.fields) {
    if (const auto problem = json_pointer_problem(field); field.starts_with('/') && problem) {
      reject("field", *problem);
    }
  }
  for (const std::string &field : query.port_fields) {
    if (const auto problem = json_pointer_problem(field); field.starts_with('/') && problem) {
      reject("port_field", *problem);
    }
  }
  if (!query.port_fields.empty() && query.fields.empty()) {
    reject("port_field", "needs field (both apply to arrays of objects)");
  }
  if (const std::int64_t port = config.get_int("port", 0); port != 0) {
    if (port < 1 || port > 65535) {
      reject("port", std::to_string(port) + " is not a port (1-65535)");
    }
    query.port = static_cast<std::uint16_t>(port);
  }
  const std::string_view decode = config.get_or("decode", "none");
  if (decode != "none" && decode != "base64") {
    reject("decode", "\"" + std::string(decode) + "\" is not none or base64");
  }
  query.base64 = decode == "base64";
  return settings;
}

}  // namespace joinery::http
