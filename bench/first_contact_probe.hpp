// Where a joinery run first reaches out to join: a TCP listener on loopback given to
// the serf backend as its rpc_addr. The backend connects in its first join call, so
// the moment the connection is accepted is the moment the run reached its first join
// call. The connection is held open, unanswered, so the run waits right there (its
// libraries can be inspected) until the benchmark ends it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "measured_process.hpp"

namespace joinery::bench {

class FirstContactProbe {
 public:
  FirstContactProbe();  // listens on 127.0.0.1, on a port the kernel picks
  ~FirstContactProbe();
  FirstContactProbe(const FirstContactProbe &) = delete;
  FirstContactProbe &operator=(const FirstContactProbe &) = delete;

  [[nodiscard]] std::string address() const;  // "127.0.0.1:PORT"

  // Blocks until a connection comes (returns when it was accepted) or `timeout` passes.
  std::optional<SteadyTime> wait(std::chrono::milliseconds timeout);
  // Closes the connection accepted last.
  void hang_up();

 private:
  int listener_ = -1;
  int connection_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace joinery::bench
