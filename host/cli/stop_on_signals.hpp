// SIGINT and SIGTERM as a stop request: while a StopOnSignals lives, either signal
// requests its StopSource's stop (async-signal-safe), so every joiner or provider
// call ends at once; a second signal exits immediately.
#pragma once

#include <signal.h>

#include "base/stop_source.hpp"

namespace joinery::cli {

class StopOnSignals {
 public:
  explicit StopOnSignals(plugins::StopSource &stop);
  ~StopOnSignals();  // restores the previous handlers
  StopOnSignals(const StopOnSignals &) = delete;
  StopOnSignals &operator=(const StopOnSignals &) = delete;

  // The signal caught (SIGINT or SIGTERM), or 0.
  [[nodiscard]] int signal() const noexcept;
  // 130 after SIGINT, 143 after SIGTERM, as a shell reports them.
  [[nodiscard]] int exit_status() const noexcept;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace joinery::cli
