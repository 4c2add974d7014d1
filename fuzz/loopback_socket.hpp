// A socket bound to 127.0.0.1 on a free port, for the fuzz targets' scripted servers
// (a name server) that stand in for a broken or hostile peer.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstdlib>

namespace joinery::fuzz {

// A SOCK_STREAM (listening) or SOCK_DGRAM socket; its port in `port`. Aborts when
// the machine cannot give one: the target cannot run without it.
inline int bind_loopback(int type, std::uint16_t &port) {
  const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&address), length) != 0 ||
      (type == SOCK_STREAM && ::listen(fd, 16) != 0) ||
      ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
    std::abort();
  }
  port = ntohs(address.sin_port);
  return fd;
}

}  // namespace joinery::fuzz
