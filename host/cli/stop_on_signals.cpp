#include "cli/stop_on_signals.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>

#include "cli/exit_status.hpp"

namespace joinery::cli {
namespace {

// The stop to request from the handler: set while a StopOnSignals lives.
std::atomic<plugins::StopSource *> stop_on_signal{nullptr};
volatile std::sig_atomic_t caught_signal = 0;

extern "C" void on_stop_signal(int signal) {
  if (caught_signal != 0) {
    ::_exit(128 + signal);  // a second signal: the operator wants out now
  }
  caught_signal = signal;
  if (plugins::StopSource *stop = stop_on_signal.load()) {
    stop->request_stop();  // async-signal-safe
  }
}

}  // namespace

StopOnSignals::StopOnSignals(plugins::StopSource &stop) {
  static_assert(std::atomic<plugins::StopSource *>::is_always_lock_free);
  caught_signal = 0;
  stop_on_signal.store(&stop);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, &previous_int_);
  ::sigaction(SIGTERM, &action, &previous_term_);
}

StopOnSignals::~StopOnSignals() {
  ::sigaction(SIGINT, &previous_int_, nullptr);
  ::sigaction(SIGTERM, &previous_term_, nullptr);
  stop_on_signal.store(nullptr);
}

int StopOnSignals::signal() const noexcept {
  return caught_signal;
}

int StopOnSignals::exit_status() const noexcept {
  return caught_signal == SIGINT ? exit_sigint : exit_sigterm;
}

}  // namespace joinery::cli
