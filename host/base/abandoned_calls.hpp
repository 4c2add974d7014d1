// In-process plugin calls that were abandoned (past their deadline, or after a stop)
// and have not returned yet. Each holds a thread and what its call uses (descriptors,
// its plugin's library), and none can be stopped: so they are counted for the whole
// process, and once max_abandoned_calls are running no new in-process call starts (it
// fails at once with abandoned_call_refusal's reason) until one returns. With the
// resolver's rule that an entry whose abandoned call still runs makes no new call, a
// plugin that hangs at every call holds at most that many threads, however many
// attempts a run makes. Isolated plugins are killed instead and never counted.
#pragma once

#include <cstddef>
#include <string_view>

#include "problem/result.hpp"

namespace joinery::plugins {

inline constexpr std::size_t max_abandoned_calls = 16;

// A call of `plugin` (its provider or backend name) was abandoned: counted, and logged
// at warn level with the count and the limit.
void count_abandoned_call(std::string_view plugin);
// An abandoned call returned at last.
void count_abandoned_call_ended();
// Abandoned calls still running in this process.
std::size_t abandoned_calls_running();
// Why a new in-process call may not start ("not started: 16 in-process plugin calls
// that ignored their deadline are still running ..."), or nothing when it may.
Result<> abandoned_call_refusal();

}  // namespace joinery::plugins
