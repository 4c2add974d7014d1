// joinery-plugin-runner: runs one plugin library out of joinery's process (plugin
// isolation). joinery starts it with the plugin file as its argument and its end of a
// socket as descriptor 3; it is not meant to be started by hand.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <joinery/posix/process_tree.hpp>
#include "isolation/isolated_protocol.hpp"
#include "runner/plugin_runner.hpp"
#include "trust/root_only_path.hpp"

namespace {

constexpr int socket_fd = joinery::plugins::isolated::runner_socket_fd;

int usage() {
  std::fputs(
      "Usage: joinery-plugin-runner [--memory-limit=BYTES] PLUGIN_FILE\n"
      "Runs one joinery plugin library in a process of its own and serves joinery's calls\n"
      "into it over the socket on descriptor 3. joinery starts it for plugins it isolates\n"
      "(--isolate-plugins, [plugins.NAME] isolation = \"process\"); do not run it by hand.\n",
      stderr);
  return 2;
}

// Whatever the plugin started must not outlive the runner: as a subreaper the runner
// inherits the plugin's orphans (a daemon that forked twice and called setsid()), and
// on its way out, by a return or by the plugin's exit(), kills them all.
void kill_what_the_plugin_started() {
  joinery::posix::kill_descendants(::getpid());
}

// The runner dies with joinery, even when joinery is killed (SIGKILL) while the plugin's
// init hangs. False when joinery is already gone: it may have died before the death
// signal was asked for, which the parent id then shows (the socket's peer is joinery).
bool die_with_joinery() {
  ucred peer{};
  socklen_t size = sizeof peer;
  if (::getsockopt(socket_fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0) return false;
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return false;
  return ::getppid() == peer.pid;
}

}  // namespace

int main(int argc, char **argv) {
  // Set-uid, it would load whatever file its caller names with its owner's rights.
  if (const joinery::Result<> allowed = joinery::trust::set_id_refusal(); !allowed) {
    std::fprintf(stderr, "joinery-plugin-runner: %s\n", allowed.error().text().c_str());
    return 2;
  }
  std::uint64_t memory_limit = 0;
  int next = 1;
  if (next < argc && std::string_view(argv[next]).rfind("--memory-limit=", 0) == 0) {
    char *end = nullptr;
    memory_limit = std::strtoull(argv[next] + std::strlen("--memory-limit="), &end, 10);
    if (end == nullptr || *end != '\0') return usage();
    ++next;
  }
  struct stat socket_status {};
  if (argc != next + 1 || std::strcmp(argv[next], "--help") == 0 ||
      ::fstat(socket_fd, &socket_status) != 0 || !S_ISSOCK(socket_status.st_mode)) {
    return usage();
  }
  if (!die_with_joinery()) return 1;
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  std::atexit(kill_what_the_plugin_started);
  if (memory_limit > 0) {
    const rlimit limit{memory_limit, memory_limit};
    ::setrlimit(RLIMIT_AS, &limit);
  }
  // Processes the plugin starts must not hold the socket: joinery reads the runner's
  // death as the socket's end.
  ::fcntl(socket_fd, F_SETFD, FD_CLOEXEC);
  return joinery::runner::PluginRunner(socket_fd).run(argv[next]);
}
