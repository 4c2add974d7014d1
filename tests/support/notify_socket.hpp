// A stand-in for systemd's notification socket: an AF_UNIX datagram socket bound to
// a path or, for a name starting with '@', in the abstract namespace, as systemd
// passes it in NOTIFY_SOCKET. Collects what a process under test sends.
// The kernel holds at most net.unix.max_dgram_qlen unread datagrams (10 by default
// outside systemd's sysctl), and joinery never waits for room: a test that reads only
// after the run keeps its datagrams under that, or reads them with wait_for() as they come.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace joinery::test {

class NotifySocket {
 public:
  // Binds `address`: a path, or "@name" (abstract). Throws on failure.
  explicit NotifySocket(std::string address);
  ~NotifySocket();
  NotifySocket(const NotifySocket &) = delete;
  NotifySocket &operator=(const NotifySocket &) = delete;

  // The value for NOTIFY_SOCKET.
  [[nodiscard]] const std::string &address() const { return address_; }

  // Every datagram received so far and not yet returned, in order, without waiting.
  std::vector<std::string> received();
  // Waits up to `timeout` for a datagram containing `needle`; returns every datagram
  // received up to it (nothing when it never came). The rest stay queued.
  std::vector<std::string> wait_for(const std::string &needle, std::chrono::milliseconds timeout);

 private:
  std::string address_;
  int fd_ = -1;
};

// A unique abstract socket name ("@joinery-test-<pid>-<n>").
std::string unique_abstract_name();

}  // namespace joinery::test
