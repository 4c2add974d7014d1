#include "dns/name_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <joinery/sdk/host_port.hpp>
#include <joinery/sdk/status.hpp>

#include <charconv>

namespace joinery::dns {
namespace {

[[noreturn]] void reject(std::string_view text, std::string_view why) {
  throw sdk::Error(sdk::Status::invalid_config,
                   "resolver: \"" + std::string(text) + "\" " + std::string(why) +
                       " (write IPv4, IPv4:port, [IPv6] or [IPv6]:port, e.g. 127.0.0.1:8600)");
}

bool is_ip_literal(const std::string &host) {
  in6_addr buffer{};
  return inet_pton(AF_INET, host.c_str(), &buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &buffer) == 1;
}

}  // namespace

std::string NameServer::to_string() const {
  return sdk::join_host_port(ip, port);
}

NameServer parse_name_server(std::string_view text) {
  const auto parts = sdk::split_host_port(text);
  if (!parts || parts->host.empty()) {
    reject(text, "is not an address");
  }
  NameServer server;
  server.ip = std::string(parts->host);
  if (!is_ip_literal(server.ip)) {
    reject(text, "is not an IP address");
  }
  if (!parts->port.empty()) {
    unsigned value = 0;
    const char *first = parts->port.data();
    const char *last = first + parts->port.size();
    const auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc{} || end != last || value == 0 || value > 65535) {
      reject(text, "has no valid port (1-65535)");
    }
    server.port = static_cast<std::uint16_t>(value);
  }
  return server;
}

}  // namespace joinery::dns
