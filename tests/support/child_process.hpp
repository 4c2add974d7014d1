// A real child process for tests: started with posix_spawn, its output captured to
// files, stopped by PID when the test ends (even when it fails).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace joinery::test {

class ChildProcess {
 public:
  struct Options {
    std::map<std::string, std::string> env;  // added to (or overriding) this process's environment
    std::optional<std::string> stdin_text;   // written to the child's stdin, then closed
  };

  // Starts argv[0] (searched in PATH when it has no '/'). Throws on failure.
  explicit ChildProcess(std::vector<std::string> argv, Options options = {});
  ~ChildProcess();  // SIGKILL and reap if still running
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] bool running();

  // Sends `signal`; then waits up to `grace` for the exit and SIGKILLs after that.
  // Returns the exit status as the shell reports it (128+N after signal N).
  int stop(int signal = 15, std::chrono::milliseconds grace = std::chrono::seconds(5));

  // Waits for the exit; nullopt on timeout (the child keeps running).
  std::optional<int> wait(std::chrono::milliseconds timeout);

  [[nodiscard]] std::string stdout_text() const;
  [[nodiscard]] std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path out_, err_, dir_;
};

struct CommandResult {
  int status = -1;  // exit status; 128+N after signal N; -1 on timeout
  std::string out;
  std::string err;
};

// Runs a command to completion (killed after `timeout`) and returns what it printed.
CommandResult run(std::vector<std::string> argv, std::chrono::milliseconds timeout,
                  ChildProcess::Options options = {});

}  // namespace joinery::test
