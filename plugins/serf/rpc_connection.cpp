#include "rpc_connection.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace joinery::serf {
namespace {

// Waits for `events` on `fd` within the call and the step's `timeout_at`; a wait
// that did not end ready throws the matching TransportError.
void wait_ready(int fd, short events, const sdk::CallBounds &bounds, Clock::time_point timeout_at,
                std::string_view doing) {
  switch (sdk::wait(fd, events, bounds, timeout_at)) {
    case sdk::WaitEnd::ready:
    case sdk::WaitEnd::failed:  // let the caller's read or write report the error
      return;
    case sdk::WaitEnd::cancelled:
      throw TransportError(TransportError::Kind::cancelled,
                           "cancelled while " + std::string(doing));
    case sdk::WaitEnd::timed_out:
      if (bounds.expired()) {
        throw TransportError(TransportError::Kind::call_deadline,
                             "the call's deadline passed while " + std::string(doing));
      }
      throw TransportError(TransportError::Kind::timed_out, "timed out " + std::string(doing));
  }
}

std::string errno_text(int error) {
  return std::strerror(error);
}

// Connects one non-blocking socket; returns the fd, or -1 with `error` set.
int connect_one(const addrinfo &address, const sdk::CallBounds &bounds,
                Clock::time_point timeout_at, std::string &error) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          address.ai_protocol);
  if (fd < 0) {
    error = errno_text(errno);
    return -1;
  }
  if (::connect(fd, address.ai_addr, address.ai_addrlen) == 0) {
    return fd;
  }
  if (errno != EINPROGRESS) {
    error = errno_text(errno);
    ::close(fd);
    return -1;
  }
  try {
    wait_ready(fd, POLLOUT, bounds, timeout_at, "connecting");
  } catch (...) {
    ::close(fd);
    throw;
  }
  int so_error = 0;
  socklen_t length = sizeof so_error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length) != 0) {
    so_error = errno;
  }
  if (so_error != 0) {
    error = errno_text(so_error);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::unique_ptr<RpcConnection> RpcConnection::open(const std::string &host, std::uint16_t port,
                                                   const sdk::CallBounds &bounds,
                                                   Clock::time_point timeout_at) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo *found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    throw TransportError(TransportError::Kind::broken,
                         "cannot resolve " + host + ": " + ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  std::string error = "no address";
  for (const addrinfo *address = found; address != nullptr; address = address->ai_next) {
    const int fd = connect_one(*address, bounds, timeout_at, error);
    if (fd >= 0) {
      return std::unique_ptr<RpcConnection>(new RpcConnection(fd));
    }
  }
  throw TransportError(TransportError::Kind::broken, error);
}

RpcConnection::RpcConnection(int fd) : fd_(fd) {}

RpcConnection::~RpcConnection() {
  ::close(fd_);
}

void RpcConnection::send(std::string_view bytes, const sdk::CallBounds &bounds,
                         Clock::time_point timeout_at) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent >= 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      throw TransportError(TransportError::Kind::broken, "sending: " + errno_text(errno));
    }
    wait_ready(fd_, POLLOUT, bounds, timeout_at, "sending");
  }
}

std::size_t RpcConnection::receive_some(char *into, std::size_t capacity,
                                        const sdk::CallBounds &bounds,
                                        Clock::time_point timeout_at) {
  for (;;) {
    wait_ready(fd_, POLLIN, bounds, timeout_at, "waiting for the answer");
    const ssize_t got = ::recv(fd_, into, capacity, 0);
    if (got > 0) {
      received_ = true;
      return static_cast<std::size_t>(got);
    }
    if (got == 0) {
      throw TransportError(TransportError::Kind::broken, "the agent closed the connection");
    }
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
      throw TransportError(TransportError::Kind::broken, "receiving: " + errno_text(errno));
    }
  }
}

bool RpcConnection::unusable() const {
  pollfd fd{fd_, POLLIN, 0};
  if (::poll(&fd, 1, 0) <= 0) {
    return false;  // quiet: still open, nothing pending
  }
  // Readable while idle: either the agent closed (EOF, reset) or it sent something
  // unasked. Neither leaves a connection to reuse.
  return true;
}

}  // namespace joinery::serf
