#include "base/process_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

namespace joinery::plugins {
namespace {

struct ProcessStat {
  char state = '?';
  pid_t parent = 0;
};

// State and parent id from /proc/PID/stat: "pid (comm) S ppid ...", where comm may hold
// anything, parentheses and spaces included, so the fields are read after its last ')'.
bool read_stat(pid_t pid, ProcessStat &out) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[512];
  const ssize_t got = ::read(fd, buffer, sizeof buffer - 1);
  ::close(fd);
  if (got <= 0) return false;
  const std::string text(buffer, static_cast<std::size_t>(got));
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos || close + 4 >= text.size()) return false;
  out.state = text[close + 2];
  out.parent = static_cast<pid_t>(std::strtol(text.c_str() + close + 4, nullptr, 10));
  return true;
}

}  // namespace

std::vector<pid_t> living_descendants(pid_t root) {
  std::multimap<pid_t, pid_t> children;  // parent -> child
  std::map<pid_t, char> states;
  if (DIR *proc = ::opendir("/proc")) {
    while (const dirent *entry = ::readdir(proc)) {
      char *end = nullptr;
      const long pid = std::strtol(entry->d_name, &end, 10);
      if (pid <= 0 || *end != '\0') continue;
      ProcessStat stat;
      if (!read_stat(static_cast<pid_t>(pid), stat)) continue;  // ended meanwhile
      children.emplace(stat.parent, static_cast<pid_t>(pid));
      states[static_cast<pid_t>(pid)] = stat.state;
    }
    ::closedir(proc);
  }
  std::vector<pid_t> tree{root};
  for (std::size_t next = 0; next < tree.size(); ++next) {
    const auto [first, last] = children.equal_range(tree[next]);
    for (auto child = first; child != last; ++child) tree.push_back(child->second);
  }
  std::vector<pid_t> living;
  for (std::size_t i = 1; i < tree.size(); ++i) {
    if (states[tree[i]] != 'Z' && states[tree[i]] != 'X') living.push_back(tree[i]);
  }
  return living;
}

bool kill_descendants(pid_t root) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (true) {
    const std::vector<pid_t> living = living_descendants(root);
    if (living.empty()) return true;
    if (std::chrono::steady_clock::now() >= give_up) return false;
    for (const pid_t pid : living) ::kill(pid, SIGKILL);
    // A killed process is gone (a zombie, its own children handed to the subreaper)
    // a moment later; look again then.
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace joinery::plugins
