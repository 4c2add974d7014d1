#include "support/silent_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace joinery::test {

SilentListener::SilentListener(const std::string &host) : host_(host) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    throw std::runtime_error("SilentListener takes an IPv4 literal, not " + host);
  }
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  socklen_t length = sizeof address;
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr *>(&address), length) != 0 ||
      ::listen(fd_, 16) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
    throw std::runtime_error("SilentListener: cannot listen on " + host);
  }
  port_ = ntohs(address.sin_port);
}

SilentListener::~SilentListener() {
  ::close(fd_);
}

std::string SilentListener::address() const {
  return host_ + ":" + std::to_string(port_);
}

}  // namespace joinery::test
