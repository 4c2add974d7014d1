// A Serf agent that answers with whatever the fuzzer says (a broken or malicious
// agent): the serf backend's session connects to a loopback listener that sends the
// input's bytes as the agent's whole side of the conversation, then closes. The
// session must turn every answer into a count or an sdk::Error, never crash or hang.
//
// Input: one byte of flags (bit 0: authenticate, bit 1: replay), then the agent's
// bytes: msgpack headers and bodies for the handshake, the auth and the join.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include <joinery/sdk/status.hpp>

#include "loopback_socket.hpp"
#include "serf_rpc_session.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;

class ScriptedAgent {
 public:
  ScriptedAgent() : listener_(fuzz::bind_loopback(SOCK_STREAM, port_)) {
    std::thread([this] { serve(); }).detach();
  }

  void say(std::string bytes) {
    std::lock_guard lock(mutex_);
    script_ = std::move(bytes);
  }

  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  // One connection at a time: the script, then EOF, then whatever the client sends
  // until it hangs up.
  void serve() {
    for (;;) {
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      std::string bytes;
      {
        std::lock_guard lock(mutex_);
        bytes = script_;
      }
      std::string_view rest = bytes;
      while (!rest.empty()) {
        const ssize_t sent = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (sent <= 0) break;
        rest.remove_prefix(static_cast<std::size_t>(sent));
      }
      ::shutdown(fd, SHUT_WR);
      char sink[4096];
      while (::recv(fd, sink, sizeof sink, 0) > 0) {
      }
      ::close(fd);
    }
  }

  std::uint16_t port_ = 0;
  int listener_ = -1;
  std::mutex mutex_;
  std::string script_;
};

ScriptedAgent &agent() {
  static ScriptedAgent *agent = new ScriptedAgent();  // serves until the process ends
  return *agent;
}

}  // namespace
}  // namespace joinery

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace std::chrono_literals;
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  joinery::agent().say(std::string(reinterpret_cast<const char *>(data + 1), size - 1));

  joinery::serf::SessionSettings settings;
  settings.endpoint = {"127.0.0.1", joinery::agent().port()};
  if (flags & 1) settings.auth_key = "fuzz-auth-key";
  settings.connect_timeout = 2s;
  settings.call_timeout = 2s;
  joinery::serf::SerfRpcSession session(settings);
  try {
    (void)session.join({"10.0.0.1:8301", "[::1]:8301"}, (flags & 2) != 0, {});
  } catch (const joinery::sdk::Error &) {
    // What a broken agent should get: an error with a message.
  }
  return 0;
}
