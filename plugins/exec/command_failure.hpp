// Why a command run by the exec backend or provider failed, as the operator reads it:
// the command, how it ended, and the last lines it wrote to stderr (or to stdout,
// when it wrote nothing to stderr).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "subprocess.hpp"

namespace joinery::exec {

// Throws the sdk::Error for a command that did not exit 0: unavailable for a non-zero
// exit, a signal or the `timeout`; cancelled when the host's deadline or shutdown
// killed it. `argv` is the command as configured (what the message names).
void throw_unless_succeeded(const SubprocessResult &result, const std::vector<std::string> &argv,
                            std::chrono::milliseconds timeout);

}  // namespace joinery::exec
