#include <exception>
#include <iostream>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "loading/plugin_exit_guard.hpp"
#include "trust/root_only_path.hpp"

namespace joinery::cli {
namespace {

constexpr std::string_view command_usage = R"(Usage: joinery <command> [options]

Gets this node into its clusters: discovers peer addresses through provider
plugins and joins them through a join-backend plugin, retrying as Consul's agent
does.

Commands:
  run        join the LAN (and WAN, primary gateways) clusters, then exit
  validate   check a configuration and every provider string in it, join nothing
  discover   print the addresses a provider string finds
  plugins    list installed plugins, or inspect one file (why was it refused?)
  version    print joinery's version and the plugin ABI it speaks

Run 'joinery help <command>' (or 'joinery <command> --help') for a command's
options and examples.
)";

using Command = int (*)(const Arguments &);

Command find_command(std::string_view name) {
  if (name == "run") return run_command;
  if (name == "validate") return validate_command;
  if (name == "discover") return discover_command;
  if (name == "plugins") return plugins_command;
  if (name == "version" || name == "--version" || name == "-v") return version_command;
  return nullptr;
}

int dispatch_command(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << command_usage;
    return exit_usage;
  }
  const std::string_view name = argv[1];
  const Arguments args(argv + 2, argv + argc);
  if (const Command command = find_command(name)) {
    return command(args);
  }
  if (name == "help" || name == "--help" || name == "-h") {
    if (args.empty()) {
      std::cout << command_usage;
      return exit_ok;
    }
    // `joinery help COMMAND` is `joinery COMMAND --help`; what follows (a provider's name
    // for `help discover NAME`) goes along.
    if (const Command command = find_command(args.front()); command != nullptr) {
      Arguments rest(args.begin() + 1, args.end());
      if (args.front() == "discover" && !rest.empty()) {
        rest.insert(rest.begin(), "help");
        return command(rest);
      }
      rest.push_back("--help");
      return command(rest);
    }
    std::cerr << "joinery help: unknown command '" << args.front() << "'\n\n" << command_usage;
    return exit_usage;
  }
  std::cerr << "joinery: unknown command '" << name << "'\n\n" << command_usage;
  return exit_usage;
}

}  // namespace

// A set-uid or set-gid joinery is refused before anything is read (docs/hardening.md says
// why refuse rather than drop privileges). An exception that escapes a command would end
// in std::terminate (SIGABRT, exit 134), which a unit cannot tell from a crash and which
// loses the reason; it is reported and given a status of its own instead.
//
// Likewise an exit() that is not the command's own return (a plugin's, in process)
// ends the process with exit_plugin_exited, not with whatever status the plugin chose.
int dispatch(int argc, char **argv) {
  if (const Result<> allowed = trust::set_id_refusal(); !allowed) {
    std::cerr << "joinery: " << allowed.error().text() << '\n';
    return exit_usage;
  }
  plugins::arm_plugin_exit_guard(exit_plugin_exited);
  int status = exit_internal_error;
  try {
    status = dispatch_command(argc, argv);
  } catch (const std::exception &error) {
    std::cerr << "joinery: internal error: " << error.what() << '\n';
  } catch (...) {
    std::cerr << "joinery: internal error: an unknown exception\n";
  }
  plugins::disarm_plugin_exit_guard();
  return status;
}

}  // namespace joinery::cli
