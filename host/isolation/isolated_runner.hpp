// One plugin runner process, as joinery sees it: joinery-plugin-runner started on one
// plugin file, with a socket for calls and a pipe that catches everything the runner
// and the plugin write to stdout and stderr. While a call runs, the calling thread
// serves the runner: it writes the plugin's log lines, answers gateway_route, logs
// stray output (within a budget), passes a stop on as a cancel message, and kills the
// runner (everything below it, then its whole process group) when the call outlives its
// deadline or the stop, or when the runner breaks the protocol. A runner that died or
// was killed stays dead: the owner starts a new one for the next call. A runner dies
// with joinery and holds what its plugin starts (host/runner/runner_main.cpp).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/call_context.hpp"
#include "base/stop_source.hpp"
#include "isolation/isolated_protocol.hpp"

namespace joinery::plugins {

class IsolatedRunner {
 public:
  using Clock = std::chrono::steady_clock;

  // How long a call may outlive its deadline before its runner is killed: enough for
  // a plugin that bounds its waits by remaining_ms to report its own timeout, less
  // than the resolver's grace, so the resolver hears the runner's outcome.
  static constexpr auto deadline_grace = std::chrono::milliseconds(150);
  // How long a call gets to return after the cancel message (shutdown) before its
  // runner is killed.
  static constexpr auto cancel_grace = std::chrono::milliseconds(20);
  // How long a runner gets to end by itself (destroy, deinit) once its socket is closed,
  // before it is killed: short, for shutdown must finish within 100 ms; long under the
  // sanitizers, whose leak check at exit would otherwise be cut short.
#if defined(__SANITIZE_ADDRESS__)
  static constexpr auto exit_grace = std::chrono::milliseconds(3000);
#else
  static constexpr auto exit_grace = std::chrono::milliseconds(20);
#endif

  struct Settings {
    std::filesystem::path runner;       // the joinery-plugin-runner executable
    std::filesystem::path plugin_file;  // what it loads
    std::string log_subsystem;          // where lines outside calls and stray output go
    std::uint64_t memory_limit = 0;     // the runner's address space in bytes; 0 = none
  };

  // What became of one exchange with the runner.
  struct Reply {
    std::optional<nlohmann::json> message;  // the hello or result, when it came
    joinery_status status = JOINERY_OK;     // otherwise: cancelled (stop, deadline) or internal
    std::string failure;  // otherwise: what happened to the runner, e.g. "its runner
                          // process (pid 12) was killed by signal SIGSEGV (Segmentation fault)"
  };

  // A runner started, with its hello; or no runner, and the hello's reply says why.
  struct Started;

  // Starts a runner on settings.plugin_file and waits for its hello until `deadline`
  // or a stop. The runner is null when it could not be started or did not say hello
  // (the reply says why); a hello may still be a refusal ({"ok": false}).
  static Started start(const Settings &settings, Clock::time_point deadline,
                       const StopSource *stop);

  ~IsolatedRunner();  // shuts it down when still running
  IsolatedRunner(const IsolatedRunner &) = delete;
  IsolatedRunner &operator=(const IsolatedRunner &) = delete;

  // Sends one call and serves the runner until its result. The call's deadline, stop
  // and gateway routes come from `call`; the runner is killed `grace` after the deadline.
  Reply call(const nlohmann::json &request, const CallContext &call,
             Clock::duration grace = deadline_grace);

  // Sends a message without waiting for an answer (the last words before a shutdown).
  void post(const nlohmann::json &message);

  [[nodiscard]] bool alive() const noexcept {
    return pid_ > 0;
  }
  [[nodiscard]] pid_t pid() const noexcept {
    return pid_;
  }

  // Closes the socket: the runner ends by itself (destroying instances, deinit).
  void begin_shutdown() noexcept;
  // Waits for the end until `deadline`, then kills the runner's process group; reaps it.
  // A runner that ended badly by itself (a crash or a failed exit status, e.g. a
  // sanitizer's leak report) is logged.
  void finish_shutdown(Clock::time_point deadline) noexcept;

 private:
  IsolatedRunner(Settings settings, pid_t pid, int socket, int output);

  enum class Expect { hello, result };
  Reply serve(Expect expect, const CallContext *call, std::optional<Clock::time_point> kill_at,
              const StopSource *stop);
  bool send(const nlohmann::json &message, Clock::time_point until);
  void read_output(bool drain);
  void log_output_line(std::string line);
  // Kills everything the runner started (its descendants), then the runner and its
  // process group.
  void kill_runner_tree() const;
  // Kills the runner and reaps; returns "its runner process (pid N) <fate>".
  std::string kill_and_describe(std::string_view why);
  // Reaps a runner whose socket closed; returns "its runner process (pid N) <fate>".
  std::string reap_and_describe();
  std::string with_last_output(std::string text) const;

  Settings settings_;
  pid_t pid_;
  int socket_;
  int output_;
  std::string pending_output_;     // a partial output line
  std::string last_output_line_;   // for failure messages
  std::size_t output_budget_ = 0;  // bytes of output still to log in this call
  bool output_truncated_ = false;
  isolated::FrameReader frames_;
};

struct IsolatedRunner::Started {
  std::unique_ptr<IsolatedRunner> runner;  // null: not started, or no hello (hello says why)
  Reply hello;
};

// "killed by signal SIGSEGV (Segmentation fault)", "exited with status 3".
std::string describe_wait_status(int status);

}  // namespace joinery::plugins
