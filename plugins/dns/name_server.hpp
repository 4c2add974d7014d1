// The `resolver` key: one DNS server to ask instead of those in /etc/resolv.conf.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace joinery::dns {

struct NameServer {
  std::string ip;  // an IPv4 or IPv6 literal, without brackets
  std::uint16_t port = 53;

  // "127.0.0.1:5353", "[::1]:5353": how messages and c-ares name it.
  [[nodiscard]] std::string to_string() const;
};

// Parses "IPv4", "IPv4:port", "[IPv6]", "[IPv6]:port" or a bare IPv6 literal (port 53).
// Throws sdk::Error(invalid_config) naming the `resolver` key for anything else,
// including host names (a resolver named by a name would need a resolver itself).
NameServer parse_name_server(std::string_view text);

}  // namespace joinery::dns
