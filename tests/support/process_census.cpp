#include "support/process_census.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <sstream>

#include "support/file_text.hpp"

namespace joinery::test {
namespace {

std::size_t entries_of(const std::filesystem::path &dir) {
  std::error_code ignored;
  std::size_t count = 0;
  for (std::filesystem::directory_iterator it(dir, ignored), end; !ignored && it != end;
       it.increment(ignored)) {
    ++count;
  }
  return count;
}

// The numeric entries of /proc: every process.
std::vector<pid_t> all_processes() {
  std::vector<pid_t> pids;
  std::error_code ignored;
  for (std::filesystem::directory_iterator it("/proc", ignored), end; !ignored && it != end;
       it.increment(ignored)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
      pids.push_back(static_cast<pid_t>(std::atoi(name.c_str())));
    }
  }
  return pids;
}

// State and parent of `pid` from /proc/PID/stat, "pid (comm) state ppid ...", where comm
// may hold spaces and parentheses; false when it is gone.
bool read_stat(pid_t pid, std::string &state, pid_t &ppid) {
  const std::string stat = file_text("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(stat.substr(close + 1));
  return static_cast<bool>(rest >> state >> ppid);
}

}  // namespace

ProcessCensus ProcessCensus::take() {
  ProcessCensus census;
  // The directory iterator's own descriptor is counted too, the same every time.
  census.descriptors = entries_of("/proc/self/fd");
  census.threads = entries_of("/proc/self/task");
  census.children = children_of(::getpid());
  return census;
}

std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const pid_t pid : all_processes()) {
    std::string state;
    pid_t ppid = 0;
    if (read_stat(pid, state, ppid) && ppid == parent) children.push_back(pid);
  }
  return children;
}

bool process_lives(pid_t pid) {
  std::string state;
  pid_t ppid = 0;
  return read_stat(pid, state, ppid) && state != "Z" && state != "X";
}

std::vector<pid_t> processes_mentioning(const std::string &needle) {
  std::vector<pid_t> found;
  for (const pid_t pid : all_processes()) {
    if (pid == ::getpid()) continue;
    std::string command = file_text("/proc/" + std::to_string(pid) + "/cmdline");
    for (char &c : command) {
      if (c == '\0') c = ' ';
    }
    if (command.find(needle) != std::string::npos) found.push_back(pid);
  }
  return found;
}

}  // namespace joinery::test
