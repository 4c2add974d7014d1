#include "command_failure.hpp"

#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/status.hpp>

#include <cstring>

#include "command_line.hpp"

namespace joinery::exec {

void throw_unless_succeeded(const SubprocessResult &result, const std::vector<std::string> &argv,
                            std::chrono::milliseconds timeout) {
  using End = SubprocessResult::End;
  if (result.succeeded()) return;
  const std::string command = "command `" + describe_command(argv) + "`";
  // What the command said last: its stderr, or its stdout when stderr is empty (some
  // tools, the serf CLI among them, print their errors there).
  const bool use_stderr = !result.err_tail.empty();
  std::string said;
  for (const std::string &line : use_stderr ? result.err_tail : result.out_tail) {
    said += (said.empty() ? "" : "\n") + line;
  }
  const std::string with_stderr =
      said.empty() ? "" : (use_stderr ? "; stderr: " : "; stdout: ") + said;
  switch (result.end) {
    case End::exited:
      throw sdk::Error(sdk::Status::unavailable, command + " exited with status " +
                                                     std::to_string(result.code) + with_stderr);
    case End::signalled:
      throw sdk::Error(sdk::Status::unavailable, command + " was killed by signal " +
                                                     std::to_string(result.code) + " (" +
                                                     ::strsignal(result.code) + ")" + with_stderr);
    case End::timed_out:
      throw sdk::Error(sdk::Status::unavailable, command + " did not finish within " +
                                                     sdk::format_duration(timeout) +
                                                     " (timeout) and was killed" + with_stderr);
    case End::call_deadline:
      throw sdk::Error(sdk::Status::cancelled,
                       command + " was killed: the attempt's deadline passed" + with_stderr);
    case End::cancelled:
      throw sdk::Error(sdk::Status::cancelled, command + " was killed: the call was cancelled");
  }
}

}  // namespace joinery::exec
