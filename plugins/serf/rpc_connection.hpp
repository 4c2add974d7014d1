// One TCP connection to a Serf agent's RPC port: bytes out, bytes in, each wait
// bounded. What the bytes mean is SerfAnswerDecoder's business (serf_answer.hpp).
#pragma once

#include <joinery/sdk/call.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace joinery::serf {

using Clock = std::chrono::steady_clock;

// Why talking to the agent failed, below the level of Serf's own errors.
class TransportError : public std::runtime_error {
 public:
  enum class Kind {
    broken,         // refused, reset, closed by the agent, or not a Serf answer
    cancelled,      // the host cancelled the call (shutdown)
    call_deadline,  // the host's deadline for the call passed
    timed_out,      // the step's own timeout (connect_timeout, call_timeout) passed
  };
  TransportError(Kind kind, const std::string &message)
      : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

class RpcConnection {
 public:
  // Connects to `host` (a name or an IP literal, IPv6 without brackets) on `port`,
  // trying each address it resolves to in turn. Throws TransportError.
  static std::unique_ptr<RpcConnection> open(const std::string &host, std::uint16_t port,
                                             const sdk::CallBounds &bounds,
                                             Clock::time_point timeout_at);
  ~RpcConnection();
  RpcConnection(const RpcConnection &) = delete;
  RpcConnection &operator=(const RpcConnection &) = delete;

  // Writes all of `bytes`. Throws TransportError.
  void send(std::string_view bytes, const sdk::CallBounds &bounds, Clock::time_point timeout_at);

  // Waits for the agent to send something and reads up to `capacity` bytes of it
  // into `into`; returns how many (at least 1). Throws TransportError, also when the
  // agent closed the connection.
  std::size_t receive_some(char *into, std::size_t capacity, const sdk::CallBounds &bounds,
                           Clock::time_point timeout_at);

  // True once anything was read on this connection since the last mark_idle().
  [[nodiscard]] bool received_since_idle() const noexcept { return received_; }
  void mark_idle() noexcept { received_ = false; }

  // True when the agent closed its side or sent something nobody asked for while
  // the connection sat idle between attempts: it must not be reused.
  [[nodiscard]] bool unusable() const;

 private:
  explicit RpcConnection(int fd);

  int fd_;
  bool received_ = false;
};

}  // namespace joinery::serf
