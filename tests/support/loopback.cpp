#include "support/loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <stdexcept>
#include <thread>

namespace joinery::test {
namespace {

// Binds (or connects, when `connect_instead`) a TCP socket to host:port.
int open_socket(const std::string &host, std::uint16_t port, bool connect_instead) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
  if (host.find(':') != std::string::npos) {
    family = AF_INET6;
    auto *v6 = reinterpret_cast<sockaddr_in6 *>(&storage);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr);
    length = sizeof(sockaddr_in6);
  } else {
    auto *v4 = reinterpret_cast<sockaddr_in *>(&storage);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    inet_pton(AF_INET, host.c_str(), &v4->sin_addr);
    length = sizeof(sockaddr_in);
  }
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const auto *address = reinterpret_cast<sockaddr *>(&storage);
  const int rc = connect_instead ? ::connect(fd, address, length) : ::bind(fd, address, length);
  if (rc != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::uint16_t free_port(const std::string &host) {
  static std::set<std::uint16_t> handed_out;
  for (int tries = 0; tries < 100; ++tries) {
    const int fd = open_socket(host, 0, false);
    if (fd < 0) throw std::runtime_error("cannot bind a socket on " + host);
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length);
    ::close(fd);
    const std::uint16_t port = storage.ss_family == AF_INET6
                                   ? ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port)
                                   : ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    // Serf also binds UDP on its gossip port; make sure that is free too.
    const int udp = ::socket(host.find(':') != std::string::npos ? AF_INET6 : AF_INET,
                             SOCK_DGRAM | SOCK_CLOEXEC, 0);
    bool udp_free = true;
    if (udp >= 0) {
      storage.ss_family = host.find(':') != std::string::npos ? AF_INET6 : AF_INET;
      udp_free = ::bind(udp, reinterpret_cast<sockaddr *>(&storage), length) == 0;
      ::close(udp);
    }
    if (udp_free && handed_out.insert(port).second) return port;
  }
  throw std::runtime_error("no free port on " + host);
}

bool wait_for_port(const std::string &host, std::uint16_t port, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = open_socket(host, port, true);
    if (fd >= 0) {
      ::close(fd);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace joinery::test
