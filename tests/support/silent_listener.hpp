// A TCP port on loopback that accepts connections (the kernel completes the
// handshake) but never reads or answers: a peer or agent that hangs.
#pragma once

#include <cstdint>
#include <string>

namespace joinery::test {

class SilentListener {
 public:
  explicit SilentListener(const std::string &host = "127.0.0.1");
  ~SilentListener();
  SilentListener(const SilentListener &) = delete;
  SilentListener &operator=(const SilentListener &) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string address() const;  // "127.0.0.1:PORT"

 private:
  std::string host_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace joinery::test
