#include "service/systemd_notifier.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/time.h>
#include <unistd.h>
#include <joinery/sdk/deadline.hpp>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "logging/log.hpp"

namespace joinery::service {
namespace {

constexpr std::string_view subsystem = "agent.systemd";

// Notifying is best effort: a failure is worth a debug line, never the run.
void log_failure(std::string_view what, int error) noexcept {
  try {
    logging::debug(subsystem, std::string(what), {{"error", std::strerror(error)}});
  } catch (...) {
  }
}

}  // namespace

std::optional<std::string> take_notify_socket() {
  const char *value = std::getenv("NOTIFY_SOCKET");
  std::optional<std::string> socket;
  if (value != nullptr && *value != '\0') {
    socket = value;
  }
  ::unsetenv("NOTIFY_SOCKET");
  return socket;
}

SystemdNotifier::SystemdNotifier(const std::string &socket) {
  const bool abstract = !socket.empty() && socket.front() == '@';
  if (socket.empty() || (socket.front() != '/' && !abstract)) {
    logging::debug(subsystem, "Not notifying systemd: NOTIFY_SOCKET is not a path",
                   {{"notify_socket", socket}});
    return;
  }
  if (socket.size() > sizeof(address_.sun_path) ||
      (!abstract && socket.size() == sizeof(address_.sun_path))) {
    logging::debug(subsystem, "Not notifying systemd: NOTIFY_SOCKET is too long",
                   {{"notify_socket", socket}});
    return;
  }
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    logging::debug(subsystem, "Not notifying systemd: cannot open a socket",
                   {{"error", std::strerror(errno)}});
    return;
  }
  address_.sun_family = AF_UNIX;
  std::memcpy(address_.sun_path, socket.data(), socket.size());
  if (abstract) {
    address_.sun_path[0] = '\0';  // the name is the bytes after it, not NUL-terminated
  }
  // A path is NUL-terminated (the size check left room); an abstract name is not.
  address_length_ =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket.size() + (abstract ? 0 : 1));
}

SystemdNotifier::~SystemdNotifier() {
  if (fd_ >= 0) ::close(fd_);
}

bool SystemdNotifier::notify(std::string_view message) const noexcept {
  return send(message, -1, std::nullopt);
}

bool SystemdNotifier::notify_and_wait(std::string_view message,
                                      std::chrono::milliseconds timeout) const noexcept {
  const auto deadline = sdk::deadline_after(std::chrono::steady_clock::now(), timeout);
  const auto left = [&] {
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now()));
  };
  if (!send(message, -1, left())) return false;
  int barrier[2];
  if (::pipe2(barrier, O_CLOEXEC) != 0) {
    log_failure("Cannot wait for systemd", errno);
    return false;
  }
  const bool sent = send("BARRIER=1", barrier[1], left());
  ::close(barrier[1]);  // systemd now holds the only other copy of the write end
  bool read = false;
  if (sent) {
    pollfd hangup{barrier[0], 0, 0};  // POLLHUP is reported without being asked for
    read = ::poll(&hangup, 1, static_cast<int>(left().count())) == 1;
    if (!read) log_failure("systemd did not read the notification in time", ETIMEDOUT);
  }
  ::close(barrier[0]);
  return read;
}

bool SystemdNotifier::send(std::string_view message, int descriptor,
                           std::optional<std::chrono::milliseconds> timeout) const noexcept {
  if (fd_ < 0) return false;
  int flags = MSG_NOSIGNAL;
  if (timeout) {
    // A blocking send waits for room in the receiver's queue up to SO_SNDTIMEO; zero
    // would mean "for ever", so at least 1 ms.
    const auto ms = std::max<std::int64_t>(timeout->count(), 1);
    const timeval limit{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  } else {
    flags |= MSG_DONTWAIT;
  }
  iovec text{const_cast<char *>(message.data()), message.size()};
  msghdr datagram{};
  datagram.msg_name = const_cast<sockaddr_un *>(&address_);
  datagram.msg_namelen = address_length_;
  datagram.msg_iov = &text;
  datagram.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (descriptor >= 0) {
    datagram.msg_control = control;
    datagram.msg_controllen = sizeof control;
    cmsghdr *rights = CMSG_FIRSTHDR(&datagram);
    rights->cmsg_level = SOL_SOCKET;
    rights->cmsg_type = SCM_RIGHTS;
    rights->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(rights), &descriptor, sizeof(int));
  }
  if (::sendmsg(fd_, &datagram, flags) < 0) {
    log_failure("Cannot notify systemd", errno);
    return false;
  }
  return true;
}

}  // namespace joinery::service
