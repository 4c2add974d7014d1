// What a process holds right now, from /proc: open descriptors, threads, children,
// and which processes mention a string on their command line. For tests that a run
// leaks nothing and leaves nothing running.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace joinery::test {

struct ProcessCensus {
  std::size_t descriptors = 0;  // entries of /proc/self/fd
  std::size_t threads = 0;      // entries of /proc/self/task
  std::vector<pid_t> children;  // processes whose parent is this one (zombies included)

  static ProcessCensus take();
};

// The processes whose parent is `parent`, zombies included.
std::vector<pid_t> children_of(pid_t parent);

// Whether `pid` runs: it exists and is no zombie (dead, waiting to be reaped).
bool process_lives(pid_t pid);

// The processes (other than this one) whose command line contains `needle`, e.g. a
// test's temporary directory: what is still running of what a test started.
std::vector<pid_t> processes_mentioning(const std::string &needle);

}  // namespace joinery::test
