// A real single-member etcd (Debian's etcd-server) on loopback for tests, with its
// data in a temporary directory; stopped by PID when the test ends.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

class EtcdServer {
 public:
  // Starts etcd on free ports and waits until it serves requests. Throws if it does
  // not within 10 s.
  EtcdServer();
  ~EtcdServer();

  // "http://127.0.0.1:PORT", where its client API (and JSON gateway, /v3/...) listens.
  [[nodiscard]] std::string client_url() const;
  // Stores key = value with etcdctl (the v3 API). Throws on failure.
  void put(std::string_view key, std::string_view value) const;
  [[nodiscard]] std::string log() const;

 private:
  [[nodiscard]] CommandResult etcdctl(std::vector<std::string> args) const;

  std::unique_ptr<TempDir> dir_;
  std::uint16_t client_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace joinery::test
