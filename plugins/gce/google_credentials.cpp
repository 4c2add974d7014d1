#include "google_credentials.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/escaped_text.hpp>
#include <joinery/sdk/regular_file.hpp>

#include <nlohmann/json.hpp>

namespace joinery::gce {
namespace {

[[noreturn]] void fail(const std::string &path, const std::string &what) {
  throw sdk::Error(sdk::Status::unavailable,
                   "credentials file " + sdk::escape_unprintable(path) + ": " + what);
}

std::string field(const nlohmann::json &file, const std::string &path, const char *name,
                  bool required) {
  const auto found = file.find(name);
  if (found == file.end() || !found->is_string() || found->get_ref<const std::string &>().empty()) {
    if (required) {
      fail(path, std::string("has no \"") + name + "\"");
    }
    return {};
  }
  return found->get<std::string>();
}

}  // namespace

GoogleCredentials read_google_credentials(const std::string &path) {
  const sdk::FileText read = sdk::read_regular_file(path, max_credentials_file_bytes);
  if (!read) {
    fail(path, read.error);
  }
  const nlohmann::json file = nlohmann::json::parse(read.text, nullptr, false);
  if (!file.is_object()) {
    fail(path, "is not a JSON object (a service-account key file was expected)");
  }
  GoogleCredentials credentials;
  credentials.path = path;
  credentials.type = field(file, path, "type", true);
  credentials.token_uri = field(file, path, "token_uri", false);
  if (credentials.token_uri.empty()) {
    credentials.token_uri = default_token_uri;
  }
  if (credentials.type == "service_account") {
    credentials.client_email = field(file, path, "client_email", true);
    credentials.private_key = field(file, path, "private_key", true);
    credentials.private_key_id = field(file, path, "private_key_id", false);
    credentials.project_id = field(file, path, "project_id", false);
  } else if (credentials.type == "authorized_user") {
    credentials.client_id = field(file, path, "client_id", true);
    credentials.client_secret = field(file, path, "client_secret", true);
    credentials.refresh_token = field(file, path, "refresh_token", true);
  } else {
    fail(path, "type \"" + sdk::escape_unprintable(credentials.type) +
                   "\" is not supported (service_account or authorized_user)");
  }
  return credentials;
}

}  // namespace joinery::gce
