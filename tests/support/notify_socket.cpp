#include "support/notify_socket.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
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
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (stop_fd_ < 0) {
    ::close(fd_);
    throw std::runtime_error("NotifySocket: cannot create an eventfd");
  }
  reader_ = std::thread([this] { read_until_stopped(); });
}

NotifySocket::~NotifySocket() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(stop_fd_, &one, sizeof one);
  reader_.join();
  ::close(stop_fd_);
  ::close(fd_);
  if (address_.front() != '@') ::unlink(address_.c_str());
}

void NotifySocket::drain() {
  char buffer[4096];
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 16)];
  for (;;) {
    iovec text{buffer, sizeof buffer};
    msghdr datagram{};
    datagram.msg_iov = &text;
    datagram.msg_iovlen = 1;
    datagram.msg_control = control;
    datagram.msg_controllen = sizeof control;
    const ssize_t size = ::recvmsg(fd_, &datagram, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    if (size < 0) return;
    for (cmsghdr *part = CMSG_FIRSTHDR(&datagram); part != nullptr;
         part = CMSG_NXTHDR(&datagram, part)) {
      if (part->cmsg_level == SOL_SOCKET && part->cmsg_type == SCM_RIGHTS) {
        const std::size_t count = (part->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
          int descriptor = -1;
          std::memcpy(&descriptor, CMSG_DATA(part) + i * sizeof(int), sizeof(int));
          ::close(descriptor);  // a barrier's pipe: closing it lets the sender go on
        }
      }
    }
    datagrams_.emplace_back(buffer, static_cast<std::size_t>(size));
  }
}

void NotifySocket::read_until_stopped() {
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    const std::lock_guard lock(mutex_);
    drain();
    arrived_.notify_all();
  }
}

std::vector<std::string> NotifySocket::received() {
  const std::lock_guard lock(mutex_);
  drain();
  std::vector<std::string> out(std::make_move_iterator(datagrams_.begin()),
                               std::make_move_iterator(datagrams_.end()));
  datagrams_.clear();
  return out;
}

std::vector<std::string> NotifySocket::wait_for(const std::string &needle,
                                                std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  for (;;) {
    drain();
    const auto found = std::find_if(
        datagrams_.begin(), datagrams_.end(),
        [&](const std::string &datagram) { return datagram.find(needle) != std::string::npos; });
    if (found != datagrams_.end()) {
      std::vector<std::string> out(std::make_move_iterator(datagrams_.begin()),
                                   std::make_move_iterator(found + 1));
      datagrams_.erase(datagrams_.begin(), found + 1);
      return out;
    }
    if (timed_out) return {};
    timed_out = arrived_.wait_until(lock, deadline) == std::cv_status::timeout;
  }
}

std::string unique_abstract_name() {
  static std::atomic<int> counter{0};
  return "@joinery-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace joinery::test
