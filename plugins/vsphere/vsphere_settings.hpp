// The vsphere provider's keys: go-discover's (with its VSPHERE_* variables and govc's),
// plus a CA bundle, so that a vCenter with a private CA is trusted without
// insecure_ssl. The password need never be on a command line (consul#7343): it is a
// secret key, so the host also takes it as password_file= or password_env=, and it
// falls back on $VSPHERE_PASSWORD.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <chrono>
#include <string>

namespace joinery::vsphere {

inline constexpr joinery_key vsphere_keys[] = {
    sdk::required("tag_name", "the tag whose virtual machines are wanted"),
    sdk::required("category_name", "the category the tag belongs to"),
    sdk::optional("host", "",
                  "the vCenter as host or host:port, no scheme or path; default "
                  "$VSPHERE_SERVER"),
    sdk::optional("user", "",
                  "the vCenter user (administrator@vsphere.local); default $VSPHERE_USER, "
                  "$GOVC_USERNAME"),
    sdk::secret("password", "the user's password; default $VSPHERE_PASSWORD, $GOVC_PASSWORD"),
    sdk::optional("ca_file", "",
                  "PEM CA bundle to trust instead of the system's; default $GOVC_TLS_CA_CERTS"),
    sdk::optional("insecure_ssl", "",
                  "true: skip verifying the vCenter's certificate (logged as a warning); "
                  "default $VSPHERE_ALLOW_UNVERIFIED_SSL"),
    sdk::optional("timeout", "10m", "how long one discovery may take", JOINERY_KEY_DURATION),
};

inline constexpr std::chrono::milliseconds default_timeout = std::chrono::minutes(10);

struct VsphereSettings {
  std::string tag_name;
  std::string category_name;
  std::string host;  // host or host:port, checked: no scheme, path, query or user info
  std::string user;
  std::string password;  // from the key (or the host's password_file/_env) or the environment
  std::string ca_file;
  bool insecure = false;
  std::chrono::milliseconds timeout = default_timeout;
};

// Throws sdk::Error(invalid_config) naming the key: a missing tag_name, category_name,
// host, user or password, a host that is not host[:port], a bad insecure_ssl or timeout.
VsphereSettings read_vsphere_settings(const sdk::Config &config,
                                      const cloud::Environment &environment);

}  // namespace joinery::vsphere
