#include "first_contact_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace joinery::bench {

FirstContactProbe::FirstContactProbe() {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr *>(&address), size) != 0 ||
      ::listen(listener_, 8) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr *>(&address), &size) != 0) {
    throw std::runtime_error(std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno));
  }
  port_ = ntohs(address.sin_port);
}

FirstContactProbe::~FirstContactProbe() {
  hang_up();
  ::close(listener_);
}

std::string FirstContactProbe::address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

std::optional<SteadyTime> FirstContactProbe::wait(std::chrono::milliseconds timeout) {
  pollfd incoming{listener_, POLLIN, 0};
  if (::poll(&incoming, 1, static_cast<int>(timeout.count())) <= 0) {
    return std::nullopt;
  }
  const SteadyTime at = std::chrono::steady_clock::now();
  hang_up();
  connection_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
  if (connection_ < 0) {
    return std::nullopt;
  }
  return at;
}

void FirstContactProbe::hang_up() {
  if (connection_ >= 0) {
    ::close(connection_);
    connection_ = -1;
  }
}

}  // namespace joinery::bench
