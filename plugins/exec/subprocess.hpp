// Running an operator's command inside one plugin call: posix_spawn (no shell), its
// own process group, stdin from /dev/null, stdout and stderr through pipes read as
// they come. A timeout, the host's deadline or its cancellation kill the whole
// process group; the child is always reaped before run_subprocess returns.
#pragma once

#include <joinery/sdk/call.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace joinery::exec {

using Clock = std::chrono::steady_clock;

struct SubprocessRequest {
  std::vector<std::string> argv;  // argv[0] is searched in PATH when it has no '/'
  std::vector<std::pair<std::string, std::string>> env;  // added to (or replacing) the host's
  std::chrono::milliseconds timeout{30000};
};

enum class OutputStream { out, err };

// Called for every line the child writes, without its newline, as it arrives.
using LineHandler = std::function<void(OutputStream stream, std::string_view line)>;

struct SubprocessResult {
  enum class End {
    exited,         // `code` is the exit status
    signalled,      // `code` is the signal that ended it
    timed_out,      // the request's timeout passed: killed
    call_deadline,  // the host's deadline passed: killed
    cancelled,      // the host cancelled the call: killed
  };
  End end = End::exited;
  int code = 0;
  std::string out;                    // everything on stdout, up to stdout_limit
  bool out_truncated = false;         // stdout went past stdout_limit
  std::vector<std::string> err_tail;  // the last tail_lines lines of stderr
  std::vector<std::string> out_tail;  // the last tail_lines lines of stdout

  [[nodiscard]] bool succeeded() const noexcept { return end == End::exited && code == 0; }
};

inline constexpr std::size_t stdout_limit = 1 << 20;
inline constexpr std::size_t tail_lines = 5;

// Runs the command to its end. Throws sdk::Error(unavailable) when it cannot be
// started at all (e.g. no such program), naming it.
SubprocessResult run_subprocess(const SubprocessRequest &request, const sdk::CallBounds &bounds,
                                const LineHandler &on_line = {});

}  // namespace joinery::exec
