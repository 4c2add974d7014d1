#include "service/systemd_notifier.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "logging/log.hpp"

namespace joinery::service {
namespace {

constexpr std::string_view subsystem = "agent.systemd";

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
  if (fd_ < 0) return false;
  const ssize_t sent = ::sendto(fd_, message.data(), message.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                                reinterpret_cast<const sockaddr *>(&address_), address_length_);
  if (sent < 0) {
    try {
      logging::debug(subsystem, "Cannot notify systemd", {{"error", std::strerror(errno)}});
    } catch (...) {  // a log line is not worth ending the run for
    }
    return false;
  }
  return true;
}

}  // namespace joinery::service
