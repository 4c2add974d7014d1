// The serf backend's conversation with one agent: connect, handshake, optional auth,
// then one `join` per attempt over a connection kept across attempts. A connection
// that broke is dropped and replaced on the next use; a kept connection found dead
// at the start of an attempt is replaced at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rpc_connection.hpp"

namespace joinery::serf {

class RpcConnection;
struct AwaitedAnswer;
struct SerfAnswer;

// Where the agent's RPC listens: host without brackets, and port.
struct RpcEndpoint {
  std::string host;
  std::uint16_t port = 0;

  // Parses rpc_addr: "127.0.0.1:7373", "[::1]:7373", "localhost" (port 7373), "::1".
  // Throws sdk::Error(invalid_config) naming the key.
  static RpcEndpoint parse(std::string_view rpc_addr);
  // "127.0.0.1:7373", "[::1]:7373".
  [[nodiscard]] std::string text() const;
};

struct SessionSettings {
  RpcEndpoint endpoint;
  std::string auth_key;                             // empty = the agent has no rpc_auth
  std::chrono::milliseconds connect_timeout{5000};  // TCP connect, handshake and auth
  std::chrono::milliseconds call_timeout{30000};    // one join request and its answer
};

// Debug notes about the conversation (connecting, reconnecting); may be empty.
using SessionLog = std::function<void(std::string_view)>;

class SerfRpcSession {
 public:
  explicit SerfRpcSession(SessionSettings settings);
  ~SerfRpcSession();
  SerfRpcSession(const SerfRpcSession &) = delete;
  SerfRpcSession &operator=(const SerfRpcSession &) = delete;

  // Asks the agent to join `addresses` and returns how many it joined (Serf's Num).
  // Connects first when needed. Throws sdk::Error: unavailable with the agent's own
  // error text verbatim (e.g. "Invalid authentication token"), or with what went
  // wrong reaching it; cancelled when the host cancelled the call or its deadline
  // passed.
  std::size_t join(const std::vector<std::string> &addresses, bool replay,
                   const sdk::CallBounds &bounds, const SessionLog &log = {});

  // True while a connection is kept for the next attempt.
  [[nodiscard]] bool connected() const noexcept { return link_ != nullptr; }

  [[nodiscard]] const SessionSettings &settings() const noexcept { return settings_; }

 private:
  void connect(const sdk::CallBounds &bounds, const SessionLog &log);
  std::size_t request_join(const std::vector<std::string> &addresses, bool replay,
                           const sdk::CallBounds &bounds);

  // A connection and the decoder of the answers read on it: bytes it buffered belong
  // to that connection only, so both are dropped together.
  struct Link;
  static SerfAnswer await_answer(Link &link, const AwaitedAnswer &awaited,
                                 const sdk::CallBounds &bounds, Clock::time_point timeout_at);

  SessionSettings settings_;
  std::unique_ptr<Link> link_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace joinery::serf
