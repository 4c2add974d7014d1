// A real serf agent on loopback for tests, stopped by PID when the test ends.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

class SerfAgent {
 public:
  struct Options {
    std::string node;                         // node name; required
    std::string host = "127.0.0.1";           // 127.0.0.1 or ::1
    std::string rpc_auth;                     // set rpc_auth through a config file
    std::string encrypt;                      // a `serf keygen` key
    std::map<std::string, std::string> tags;  // -tag k=v
    std::string profile = "local";            // lan, wan, local
    std::uint16_t bind_port = 0;              // the gossip port; 0 = a free one
    std::string log_level = "debug";          // -log-level; benchmarks use serf's "info"
  };

  // Starts the agent on free ports and waits until its RPC port accepts. Throws if
  // it does not come up within 10 s.
  explicit SerfAgent(Options options);
  ~SerfAgent();

  [[nodiscard]] std::string bind_address() const;  // "127.0.0.1:PORT" or "[::1]:PORT"
  [[nodiscard]] std::string rpc_address() const;   // what serf's -rpc-addr takes
  [[nodiscard]] std::uint16_t bind_port() const { return bind_port_; }
  [[nodiscard]] std::uint16_t rpc_port() const { return rpc_port_; }
  [[nodiscard]] const std::string &node() const { return options_.node; }
  [[nodiscard]] pid_t pid() const { return process_->pid(); }

  struct Member {
    std::string name;
    std::string addr;
    std::string status;  // "alive", "failed", "left"
  };
  // `serf members` as this agent sees them.
  std::vector<Member> members() const;
  // Waits until this agent sees `count` alive members; false after `timeout`.
  bool wait_for_alive(std::size_t count, std::chrono::milliseconds timeout) const;

  // Stops the agent with SIGTERM (exits at once, does not leave).
  void stop();
  [[nodiscard]] std::string log() const;

 private:
  Options options_;
  std::uint16_t bind_port_ = 0;
  std::uint16_t rpc_port_ = 0;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<ChildProcess> process_;
};

// `serf keygen`.
std::string serf_keygen();

}  // namespace joinery::test
