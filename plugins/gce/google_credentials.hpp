// A Google credentials JSON file, as `gcloud iam service-accounts keys create` and
// `gcloud auth application-default login` write it: a service account's key (type
// "service_account") or a user's refresh token (type "authorized_user").
#pragma once

#include <cstddef>
#include <string>

namespace joinery::gce {

// Larger files are refused before they are read: a key file is about 2.3 KiB.
inline constexpr std::size_t max_credentials_file_bytes = std::size_t{64} << 10;

inline constexpr const char *default_token_uri = "https://oauth2.googleapis.com/token";

struct GoogleCredentials {
  std::string path;  // the file, for messages
  std::string type;  // "service_account" or "authorized_user"
  // service_account
  std::string client_email;
  std::string private_key;  // PEM; a secret
  std::string private_key_id;
  std::string project_id;
  // authorized_user
  std::string client_id;
  std::string client_secret;  // a secret
  std::string refresh_token;  // a secret
  // Both: where the grant goes (default_token_uri when the file names none).
  std::string token_uri;
};

// Throws sdk::Error(unavailable) naming the file and what is wrong (never a value).
GoogleCredentials read_google_credentials(const std::string &path);

}  // namespace joinery::gce
