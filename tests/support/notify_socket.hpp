// A stand-in for systemd's notification socket: an AF_UNIX datagram socket bound to
// a path or, for a name starting with '@', in the abstract namespace, as systemd
// passes it in NOTIFY_SOCKET. Collects what a process under test sends, reading as the
// datagrams come (a thread of its own), as systemd does: the kernel queues only a few
// unread datagrams, and a sender waiting on a barrier (sd_notify_barrier's
// "BARRIER=1", which carries a descriptor) goes on only once it was read. Like systemd,
// it closes every descriptor a datagram carries.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
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
  // Reads every datagram waiting in the socket into `datagrams_`; under `mutex_`, so
  // that the reader thread and received() keep the order they were sent in.
  void drain();
  void read_until_stopped();

  std::string address_;
  int fd_ = -1;
  int stop_fd_ = -1;  // an eventfd: readable once the destructor wants the reader gone
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<std::string> datagrams_;  // received, not yet returned
  std::thread reader_;
};

// A unique abstract socket name ("@joinery-test-<pid>-<n>").
std::string unique_abstract_name();

}  // namespace joinery::test
