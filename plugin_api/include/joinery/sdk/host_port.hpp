// Joining and splitting "host:port" the way Go's net package does, so IPv6 addresses
// with a port are always bracketed ("[::1]:8301"). Shared by the host and plugins.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace joinery::sdk {

// "10.0.0.1" + 8301 -> "10.0.0.1:8301"; "::1" + 8301 -> "[::1]:8301".
inline std::string join_host_port(std::string_view host, std::uint16_t port) {
  std::string out;
  if (host.find(':') != std::string_view::npos && host.front() != '[') {
    out.append("[").append(host).append("]");
  } else {
    out.append(host);
  }
  return out.append(":").append(std::to_string(port));
}

struct HostPort {
  std::string_view host;  // without brackets
  std::string_view port;  // empty when none was given
};

// Splits "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 literal ("::1",
// which has no port). Returns nullopt for malformed brackets.
inline std::optional<HostPort> split_host_port(std::string_view address) {
  if (!address.empty() && address.front() == '[') {
    const std::size_t close = address.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    const std::string_view host = address.substr(1, close - 1);
    const std::string_view rest = address.substr(close + 1);
    if (rest.empty()) {
      return HostPort{host, {}};
    }
    if (rest.front() != ':' || rest.size() == 1) {
      return std::nullopt;
    }
    return HostPort{host, rest.substr(1)};
  }
  const std::size_t colon = address.find(':');
  if (colon == std::string_view::npos) {
    return HostPort{address, {}};
  }
  if (address.find(':', colon + 1) != std::string_view::npos) {
    return HostPort{address, {}};  // a bare IPv6 literal
  }
  return HostPort{address.substr(0, colon), address.substr(colon + 1)};
}

}  // namespace joinery::sdk
