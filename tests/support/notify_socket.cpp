#include "support/notify_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <stdexcept>

namespace joinery::test {

NotifySocket::NotifySocket(std::string address) : address_(std::move(address)) {
  sockaddr_un where{};
  where.sun_family = AF_UNIX;
  if (address_.empty() || address_.size() >= sizeof(where.sun_path)) {
    throw std::runtime_error("NotifySocket: bad address '" + address_ + "'");
  }
  std::memcpy(where.sun_path, address_.data(), address_.size());
  const bool abstract = address_.front() == '@';
  if (abstract) where.sun_path[0] = '\0';
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address_.size() +
                                             (abstract ? 0 : 1));
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<const sockaddr *>(&where), length) != 0) {
    const std::string error = std::strerror(errno);
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("NotifySocket: cannot bind '" + address_ + "': " + error);
  }
}

NotifySocket::~NotifySocket() {
  ::close(fd_);
  if (address_.front() != '@') ::unlink(address_.c_str());
}

std::vector<std::string> NotifySocket::received() {
  std::vector<std::string> out;
  char buffer[4096];
  for (;;) {
    const ssize_t size = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (size < 0) break;
    out.emplace_back(buffer, static_cast<std::size_t>(size));
  }
  return out;
}

std::vector<std::string> NotifySocket::wait_for(const std::string &needle,
                                                std::chrono::milliseconds timeout) {
  std::vector<std::string> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
      return {};
    }
    const ssize_t size = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (size < 0) continue;
    out.emplace_back(buffer, static_cast<std::size_t>(size));
    if (out.back().find(needle) != std::string::npos) return out;
  }
}

std::string unique_abstract_name() {
  static std::atomic<int> counter{0};
  return "@joinery-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace joinery::test
