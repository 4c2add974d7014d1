// joinery-plugin-runner: runs one plugin library out of joinery's process (plugin
// isolation). joinery starts it with the plugin file as its argument and its end of a
// socket as descriptor 3; it is not meant to be started by hand.
#include <fcntl.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "plugins/isolated_protocol.hpp"
#include "runner/plugin_runner.hpp"
#include "trust/root_only_path.hpp"

int main(int argc, char **argv) {
  // Set-uid, it would load whatever file its caller names with its owner's rights.
  if (const std::string refusal = joinery::trust::set_id_refusal(); !refusal.empty()) {
    std::fprintf(stderr, "joinery-plugin-runner: %s\n", refusal.c_str());
    return 2;
  }
  struct stat socket_status {};
  if (argc != 2 || std::strcmp(argv[1], "--help") == 0 ||
      ::fstat(joinery::plugins::isolated::runner_socket_fd, &socket_status) != 0 ||
      !S_ISSOCK(socket_status.st_mode)) {
    std::fputs(
        "Usage: joinery-plugin-runner PLUGIN_FILE\n"
        "Runs one joinery plugin library in a process of its own and serves joinery's calls\n"
        "into it over the socket on descriptor 3. joinery starts it for plugins it isolates\n"
        "(--isolate-plugins, [plugins.NAME] isolation = \"process\"); do not run it by hand.\n",
        stderr);
    return 2;
  }
  // Processes the plugin starts must not hold the socket: joinery reads the runner's
  // death as the socket's end.
  ::fcntl(joinery::plugins::isolated::runner_socket_fd, F_SETFD, FD_CLOEXEC);
  return joinery::runner::PluginRunner(joinery::plugins::isolated::runner_socket_fd).run(argv[1]);
}
