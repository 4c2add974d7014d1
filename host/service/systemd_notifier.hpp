// systemd's notification protocol (sd_notify(3)), spoken directly: one AF_UNIX
// datagram of newline-separated KEY=VALUE lines ("READY=1", "STATUS=...") to the
// socket systemd names in NOTIFY_SOCKET; a leading '@' means the abstract namespace.
// Notifying is best effort: a failure is logged at debug level and never blocks or
// ends the run.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <optional>
#include <string>
#include <string_view>

namespace joinery::service {

// Reads NOTIFY_SOCKET and removes it from the environment (as sd_notify's
// unset_environment does), so that nothing joinery starts -- exec commands, plugin
// runners -- inherits it. nullopt when it is unset or empty. Call it before any thread
// or child starts: it changes the environment.
std::optional<std::string> take_notify_socket();

class SystemdNotifier {
 public:
  // Opens a datagram socket for `socket` (a path, or "@name" for the abstract
  // namespace). An address it cannot use (too long, not a path, e.g. "vsock:...") is
  // logged at debug level and makes every notify() a no-op.
  explicit SystemdNotifier(const std::string &socket);
  ~SystemdNotifier();
  SystemdNotifier(const SystemdNotifier &) = delete;
  SystemdNotifier &operator=(const SystemdNotifier &) = delete;

  // Sends `message` as one datagram, without waiting; false (logged at debug level)
  // when it could not be sent. Thread-safe.
  bool notify(std::string_view message) const noexcept;

 private:
  int fd_ = -1;
  sockaddr_un address_{};
  socklen_t address_length_ = 0;
};

}  // namespace joinery::service
