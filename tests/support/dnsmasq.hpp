// A real dnsmasq on loopback for tests: authoritative for test domains, serving
// A/AAAA records from a hosts file and SRV records, on a free port; stopped by PID
// when the test ends.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

class Dnsmasq {
 public:
  // A name and its addresses (IPv4 and/or IPv6; each becomes an A or AAAA record).
  struct HostRecord {
    std::string name;
    std::vector<std::string> addresses;
  };
  // One SRV record: `name` is the full owner name, e.g. "_serf._tcp.test". An empty
  // target makes the record RFC 2782's "not available here" (target ".").
  struct SrvRecord {
    std::string name;
    std::string target;
    std::uint16_t port = 0;
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;
  };
  struct Options {
    std::vector<HostRecord> hosts;
    std::vector<SrvRecord> srv;
    // Domains dnsmasq answers for itself: other names under them get NXDOMAIN (not
    // REFUSED). Names outside every domain are refused (no upstream servers).
    std::vector<std::string> domains = {"test"};
    std::string host = "127.0.0.1";  // 127.0.0.1 or ::1
  };

  // Starts dnsmasq on a free port (UDP and TCP) and waits until it accepts queries.
  // Throws if it does not come up within 10 s.
  explicit Dnsmasq(Options options);
  ~Dnsmasq();
  Dnsmasq(const Dnsmasq &) = delete;
  Dnsmasq &operator=(const Dnsmasq &) = delete;

  // "127.0.0.1:PORT" or "[::1]:PORT": what a `resolver` key takes.
  [[nodiscard]] std::string address() const;
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return process_->pid(); }

  // Replaces every host record and makes dnsmasq re-read them (SIGHUP). dnsmasq
  // applies it asynchronously: poll for the change.
  void replace_hosts(const std::vector<HostRecord> &hosts);

  // Freezes dnsmasq (SIGSTOP): its sockets stay open, queries are received and never
  // answered, as from a DNS server that hangs. resume() (SIGCONT) undoes it.
  void pause();
  void resume();

  // Stops dnsmasq (SIGTERM, resuming it first); later queries to its port are refused.
  void stop();
  // What dnsmasq logged (every query, with --log-queries).
  [[nodiscard]] std::string log() const;

 private:
  Options options_;
  std::uint16_t port_ = 0;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace joinery::test
