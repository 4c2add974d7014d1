// A child process in a process group of its own: started with posix_spawn (no fork in a
// threaded process, no shell), signalled as a group, reaped. The group lets one kill()
// end whatever the child started too.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

struct rusage;

namespace joinery::posix {

// One of the child's descriptors: `target` becomes a copy of the parent's `source`,
// or `path` opened with `flags` (and `mode`, when it creates the file).
struct ChildFd {
  int target = -1;
  int source = -1;
  std::string path;
  int flags = 0;
  mode_t mode = 0;

  static ChildFd copy_of(int target, int source) { return {target, source, {}, 0, 0}; }
  static ChildFd opened(int target, std::string path, int flags, mode_t mode = 0) {
    return {target, -1, std::move(path), flags, mode};
  }
};

struct SpawnRequest {
  std::vector<std::string> argv;  // argv[0] is the program
  bool search_path = true;        // look argv[0] up in PATH when it has no '/'
  // The child's whole environment ("KEY=value"); nullopt = this process's.
  std::optional<std::vector<std::string>> environment;
  std::vector<ChildFd> fds;  // set up in order
  // Every descriptor from this one up is closed in the child (none of the parent's
  // leak into it); -1 keeps them (close-on-exec still applies).
  int close_from = -1;
  // Reset to their default action in the child (a signal the parent ignores would stay
  // ignored across exec). The child's signal mask is always empty: the parent's
  // threads may block signals.
  std::vector<int> default_signals;
};

// Every signal a process can catch (all but SIGKILL and SIGSTOP), for default_signals.
std::vector<int> catchable_signals();

// Starts the child as the leader of a new process group; stores its pid in `pid`.
// Returns 0, or the error number of the failure (e.g. ENOENT: no such program).
[[nodiscard]] int spawn_process_group(const SpawnRequest &request, pid_t &pid);

// Sends `signal` to every process of the group `leader` leads.
void signal_group(pid_t leader, int signal) noexcept;

// Waits for `pid` to end and reaps it; returns its wait status. `usage`, when given,
// gets what it used (ru_maxrss: its peak resident memory).
int reap(pid_t pid, rusage *usage = nullptr) noexcept;

// Reaps `pid` if it has ended, without waiting.
struct ReapAttempt {
  enum class State {
    running,  // not ended yet
    reaped,   // ended; `status` is its wait status
    lost,     // reaped elsewhere (ECHILD: SIGCHLD ignored): its status is unknown
  };
  State state = State::running;
  int status = 0;
};
ReapAttempt try_reap(pid_t pid) noexcept;

// True once `pid` has ended; leaves it unreaped (a zombie keeps its process group id
// from being reused while the group is killed).
bool has_ended(pid_t pid) noexcept;

}  // namespace joinery::posix
