// `joinery run` as an operator runs it: a TOML config written to a temporary file,
// then the joinery binary under test, stopped by PID when the test ends.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

class JoineryRun {
 public:
  // Writes `toml` to a file and starts `joinery run --config FILE [extra_args...]`.
  explicit JoineryRun(const std::string &toml, std::vector<std::string> extra_args = {});

  // Waits for the exit; nullopt on timeout (still running).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // Sends `signal`, waits for the exit (SIGKILL after 5 s) and returns its status.
  int stop(int signal);
  // True once stdout or stderr contains `needle`; false after `timeout` or an exit without it.
  bool wait_for_output(const std::string &needle, std::chrono::milliseconds timeout);

  // Everything it printed so far: stdout, then stderr (joinery logs to stderr).
  [[nodiscard]] std::string output() const;
  [[nodiscard]] const TempDir &dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
};

// A TOML basic string holding `text`: quoted, with \ and " escaped.
std::string toml_string(const std::string &text);
// A TOML array of basic strings.
std::string toml_array(const std::vector<std::string> &items);

}  // namespace joinery::test
