// systemd's notification protocol (sd_notify(3)), spoken directly: one AF_UNIX
// datagram of newline-separated KEY=VALUE lines ("READY=1", "STATUS=...") to the
// socket systemd names in NOTIFY_SOCKET; a leading '@' means the abstract namespace.
// Notifying is best effort: a failure is logged at debug level and never blocks or
// ends the run.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <chrono>
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

  // Sends `message`, then waits until systemd has read it, `timeout` at most in all:
  // for the last message before joinery exits (READY=1, STOPPING=1). A message sent
  // without waiting is lost when systemd's queue is full, and one that systemd reads
  // after its sender exited may no longer be matched to the unit (a Type=notify unit
  // would then fail although the node joined). The wait is sd_notify_barrier(3)'s:
  // a "BARRIER=1" datagram carrying a pipe's write end, which systemd closes once it
  // has processed everything sent before it. False (logged at debug level) when the
  // message could not be sent or the timeout passed first. Not thread-safe with itself.
  bool notify_and_wait(std::string_view message, std::chrono::milliseconds timeout) const noexcept;

 private:
  // One datagram (with `descriptor` attached when >= 0), waiting at most `timeout`
  // for room in systemd's queue (none: not at all).
  bool send(std::string_view message, int descriptor,
            std::optional<std::chrono::milliseconds> timeout) const noexcept;

  int fd_ = -1;
  sockaddr_un address_{};
  socklen_t address_length_ = 0;
};

}  // namespace joinery::service
