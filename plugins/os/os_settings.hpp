// The os (OpenStack) provider's keys: go-discover's, each falling back on the OS_*
// variable of the OpenStack clients (an openrc file's).
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::os {

inline constexpr joinery_key os_keys[] = {
    sdk::optional("auth_url", "",
                  "Keystone's URL (https://keystone:5000/v3); default $OS_AUTH_URL"),
    sdk::optional("project_id", "",
                  "the project to scope the token to; default $OS_PROJECT_ID, else the "
                  "metadata service's"),
    sdk::optional("project_name", "", "the project by name instead; default $OS_PROJECT_NAME"),
    sdk::optional("tag_key", "", "only servers with this metadata key; empty: every server"),
    sdk::optional("tag_value", "", "the value the metadata key must have"),
    sdk::optional("user_name", "", "the user of password auth; default $OS_USERNAME"),
    sdk::secret("password", "the user's password; default $OS_PASSWORD"),
    sdk::secret("token", "a token to authenticate with instead; default $OS_AUTH_TOKEN"),
    sdk::optional("insecure", "",
                  "any value but false or 0: skip verifying the TLS certificate; default "
                  "$OS_INSECURE"),
    sdk::optional("region", "RegionOne", "the catalog's region; default $OS_REGION_NAME"),
    sdk::optional("domain_id", "",
                  "the user's (and project's) domain id; default $OS_DOMAIN_ID, "
                  "$OS_USER_DOMAIN_ID"),
    sdk::optional("domain_name", "",
                  "the domain by name instead; default $OS_DOMAIN_NAME, $OS_USER_DOMAIN_NAME"),
};

inline constexpr const char *default_metadata_url = "http://169.254.169.254";

struct OsSettings {
  std::string auth_url;  // without a trailing slash
  std::string project_id;
  std::string project_name;
  std::string tag_key;
  std::string tag_value;
  std::string user_name;
  std::string password;
  std::string token;
  bool insecure = false;
  std::string region = "RegionOne";
  std::string domain_id;
  std::string domain_name;
  std::string ca_file;                              // $OS_CACERT
  std::string metadata_url = default_metadata_url;  // $OS_METADATA_URL
};

// Throws sdk::Error(invalid_config) for a missing auth_url, neither a password (with a
// user) nor a token, or a bad URL.
OsSettings read_os_settings(const sdk::Config &config, const cloud::Environment &environment);

}  // namespace joinery::os
