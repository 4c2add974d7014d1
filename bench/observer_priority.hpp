// The whole-process figures time other processes from this one: a child's exit is
// seen when wait4 returns here, a connection when accept does. On a loaded machine
// this process may wake milliseconds after the event, and that lag would be counted
// against the process measured (joinery and serf alike, which also pulls every ratio
// towards 1). Running the observer at a real-time priority makes it wake at once;
// SCHED_RESET_ON_FORK starts every process and thread it creates (joinery, serf, the
// agents, dnsmasq) at the normal priority, as they run in production.
#pragma once

#include <sched.h>

#include <cerrno>
#include <cstring>
#include <iostream>

namespace joinery::bench {

// False (with a note on stderr) when not permitted, e.g. not root: the figures are
// then measured as before, with the observer's wake-up lag in them.
inline bool observe_at_realtime_priority() {
  sched_param param{};
  param.sched_priority = 10;
  if (::sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &param) != 0) {
    std::cerr << "note: cannot time from a real-time priority (" << std::strerror(errno)
              << "); on a loaded machine the figures include this process's wake-up lag\n";
    return false;
  }
  return true;
}

}  // namespace joinery::bench
