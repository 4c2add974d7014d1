// A whole process as the whole-process figures measure it: started with posix_spawn
// (the clock starts just before the exec), waited for with wait4 (no polling: the exit
// is seen the moment it happens), with the kernel's account of its CPU time and peak
// resident memory. tests/support's ChildProcess captures output and polls for the exit;
// that is right for tests and too coarse for millisecond figures.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace joinery::bench {

using SteadyTime = std::chrono::steady_clock::time_point;

struct ProcessUsage {
  int status = -1;            // exit status; 128+N after signal N
  SteadyTime started, ended;  // just before the spawn; when wait4 returned
  std::chrono::nanoseconds wall{};
  std::chrono::nanoseconds cpu{};  // user + system
  double peak_rss_mib = 0;         // ru_maxrss

  [[nodiscard]] double wall_ms() const {
    return std::chrono::duration<double, std::milli>(wall).count();
  }
  [[nodiscard]] double cpu_ms() const {
    return std::chrono::duration<double, std::milli>(cpu).count();
  }
};

class MeasuredProcess {
 public:
  // Starts argv[0] (searched in PATH when it has no '/') with this process's
  // environment; stdin is /dev/null, stdout and stderr go to `output` (appended), or to
  // /dev/null when it is empty. Throws when it cannot start.
  explicit MeasuredProcess(std::vector<std::string> argv, const std::filesystem::path &output = {});
  ~MeasuredProcess();  // SIGKILL and reap if it still runs
  MeasuredProcess(const MeasuredProcess &) = delete;
  MeasuredProcess &operator=(const MeasuredProcess &) = delete;

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  [[nodiscard]] SteadyTime started() const noexcept { return started_; }

  // Blocks until the process exits, or `timeout` passes (nullopt; it keeps running).
  std::optional<ProcessUsage> wait(std::chrono::milliseconds timeout);
  // SIGKILL, then the usage of the whole run.
  ProcessUsage kill();

 private:
  ProcessUsage reap(int options);

  pid_t pid_ = -1;
  int pidfd_ = -1;
  SteadyTime started_;
  std::optional<ProcessUsage> usage_;
};

// The whole content of a file (a run's output, /proc/PID/maps); empty when unreadable.
std::string read_text(const std::filesystem::path &output);

// Runs a command to its end and returns its usage; throws when it does not end within
// `timeout` (it is killed).
ProcessUsage measure(std::vector<std::string> argv, std::chrono::milliseconds timeout,
                     const std::filesystem::path &output = {});

}  // namespace joinery::bench
