#include "vsphere_settings.hpp"

#include <joinery/sdk/host_port.hpp>

#include <algorithm>
#include <array>

namespace joinery::vsphere {
namespace {

using sdk::Error;
using sdk::Status;

[[noreturn]] void reject(std::string_view key, const std::string &problem) {
  throw Error(Status::invalid_config, std::string(key) + ": " + problem);
}

// go-discover reads `host` into "https://" + host + "/sdk", so a scheme, a path or
// user info in it would make another URL than the operator meant (or send the
// password elsewhere): only a host name or address and an optional port are taken.
std::string checked_host(std::string host) {
  const auto quoted = [&] { return "\"" + host + "\""; };
  if (host.find("://") != std::string::npos) {
    reject("host", quoted() + " is a URL; give the vCenter as host or host:port, without https://");
  }
  if (host.find_first_of("/?#@\\ \t\r\n") != std::string::npos) {
    reject("host", quoted() + " is not host or host:port (no path, query or user@)");
  }
  const auto parts = sdk::split_host_port(host);
  if (!parts || parts->host.empty()) {
    reject("host", quoted() + " is not host or host:port");
  }
  if (!parts->port.empty()) {
    const bool digits = std::all_of(parts->port.begin(), parts->port.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || parts->port.size() > 5 || std::stoi(std::string(parts->port)) == 0 ||
        std::stoi(std::string(parts->port)) > 65535) {
      reject("host", quoted() + ": the port must be 1 to 65535");
    }
  }
  if (parts->host.find(':') != std::string_view::npos && host.front() != '[') {
    host = "[" + host + "]";  // a bare IPv6 literal, bracketed for the URL
  }
  return host;
}

// Go's strconv.ParseBool, as go-discover reads insecure_ssl; anything else is refused
// (go-discover took it as false without a word).
bool go_bool(std::string_view key, const std::string &value) {
  constexpr std::array<std::string_view, 6> yes{"1", "t", "T", "TRUE", "true", "True"};
  constexpr std::array<std::string_view, 7> no{"", "0", "f", "F", "FALSE", "false", "False"};
  if (std::find(yes.begin(), yes.end(), value) != yes.end()) {
    return true;
  }
  if (std::find(no.begin(), no.end(), value) == no.end()) {
    reject(key, "\"" + value + "\" is not true or false");
  }
  return false;
}

}  // namespace

VsphereSettings read_vsphere_settings(const sdk::Config &config,
                                      const cloud::Environment &environment) {
  VsphereSettings settings;
  settings.tag_name = config.require("tag_name");
  settings.category_name = config.require("category_name");
  settings.host =
      checked_host(environment.required_key_or_variable(config, "host", {"VSPHERE_SERVER"}));
  settings.user =
      environment.required_key_or_variable(config, "user", {"VSPHERE_USER", "GOVC_USERNAME"});
  settings.password = environment.required_key_or_variable(config, "password",
                                                           {"VSPHERE_PASSWORD", "GOVC_PASSWORD"});
  settings.ca_file = environment.key_or_variable(config, "ca_file", {"GOVC_TLS_CA_CERTS"});
  settings.insecure = go_bool(
      "insecure_ssl",
      environment.key_or_variable(config, "insecure_ssl", {"VSPHERE_ALLOW_UNVERIFIED_SSL"}));
  settings.timeout = config.get_duration("timeout", default_timeout);
  if (settings.timeout.count() == 0) {
    reject("timeout", "must be longer than 0 (default 10m)");
  }
  return settings;
}

}  // namespace joinery::vsphere
