#include "mdns/multicast_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <joinery/sdk/status.hpp>

#include <cerrno>
#include <cstring>

namespace joinery::mdns {
namespace {

constexpr std::uint16_t mdns_port = 5353;
// RFC 6762 section 11: sent with TTL / hop limit 255.
constexpr int mdns_hops = 255;
// RFC 6762 section 17: a multicast DNS packet may be up to 9000 bytes; read more so
// an oversized one is seen whole (and then rejected by the reader, not cut short).
constexpr std::size_t receive_buffer = 65536;

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

MulticastQuerySocket::MulticastQuerySocket(Family family) : family_(family) {
  const bool v6 = family == Family::v6;
  fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  const auto fail = [&](const std::string &step) {
    const std::string why = errno_text();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    throw sdk::Error(sdk::Status::unavailable,
                     std::string(v6 ? "IPv6" : "IPv4") + " mDNS socket: " + step + ": " + why);
  };
  if (fd_ < 0) fail("socket");
  const int on = 1;
  if (v6) {
    sockaddr_in6 any{};
    any.sin6_family = AF_INET6;
    any.sin6_addr = in6addr_any;
    if (::setsockopt(fd_, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0) fail("IPV6_V6ONLY");
    if (::setsockopt(fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &mdns_hops, sizeof mdns_hops) != 0) {
      fail("IPV6_MULTICAST_HOPS");
    }
    if (::bind(fd_, reinterpret_cast<const sockaddr *>(&any), sizeof any) != 0) fail("bind");
  } else {
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::setsockopt(fd_, IPPROTO_IP, IP_MULTICAST_TTL, &mdns_hops, sizeof mdns_hops) != 0) {
      fail("IP_MULTICAST_TTL");
    }
    if (::bind(fd_, reinterpret_cast<const sockaddr *>(&any), sizeof any) != 0) fail("bind");
  }
}

MulticastQuerySocket::~MulticastQuerySocket() {
  if (fd_ >= 0) ::close(fd_);
}

MulticastQuerySocket::MulticastQuerySocket(MulticastQuerySocket &&other) noexcept
    : family_(other.family_), fd_(other.fd_) {
  other.fd_ = -1;
}

std::string MulticastQuerySocket::group() const {
  return family_ == Family::v6 ? "[ff02::fb]:5353" : "224.0.0.251:5353";
}

std::string MulticastQuerySocket::send(const std::vector<unsigned char> &message) const {
  sockaddr_storage to{};
  socklen_t length = 0;
  if (family_ == Family::v6) {
    auto &v6 = reinterpret_cast<sockaddr_in6 &>(to);
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(mdns_port);
    inet_pton(AF_INET6, "ff02::fb", &v6.sin6_addr);
    length = sizeof v6;
  } else {
    auto &v4 = reinterpret_cast<sockaddr_in &>(to);
    v4.sin_family = AF_INET;
    v4.sin_port = htons(mdns_port);
    inet_pton(AF_INET, "224.0.0.251", &v4.sin_addr);
    length = sizeof v4;
  }
  const ssize_t sent = ::sendto(fd_, message.data(), message.size(), 0,
                                reinterpret_cast<const sockaddr *>(&to), length);
  return sent < 0 ? errno_text() : "";
}

std::optional<MulticastQuerySocket::Datagram> MulticastQuerySocket::receive() const {
  Datagram datagram;
  datagram.bytes.resize(receive_buffer);
  sockaddr_storage from{};
  socklen_t from_length = sizeof from;
  const ssize_t got = ::recvfrom(fd_, datagram.bytes.data(), datagram.bytes.size(), 0,
                                 reinterpret_cast<sockaddr *>(&from), &from_length);
  if (got < 0) return std::nullopt;
  datagram.bytes.resize(static_cast<std::size_t>(got));
  std::uint16_t port = 0;
  if (from.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6 &>(from).sin6_port);
  } else if (from.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in &>(from).sin_port);
  }
  datagram.from_mdns_port = port == mdns_port;
  return datagram;
}

}  // namespace joinery::mdns
