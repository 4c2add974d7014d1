#include <exception>
#include <iostream>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"

namespace joinery::cli {
namespace {

constexpr std::string_view usage = R"(Usage: joinery <command> [options]

Gets this node into its clusters: discovers peer addresses through provider
plugins and joins them through a join-backend plugin, retrying as Consul's agent
does.

Commands:
  run        join the LAN (and WAN, primary gateways) clusters, then exit
  validate   check a configuration and every provider string in it, join nothing
  discover   print the addresses a provider string finds
  plugins    list installed plugins, or inspect one file (why was it refused?)
  version    print joinery's version and the plugin ABI it speaks

Run 'joinery <command> --help' for a command's options and examples.
)";

int dispatch_command(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << usage;
    return exit_usage;
  }
  const std::string_view name = argv[1];
  const Arguments args(argv + 2, argv + argc);
  if (name == "run") return run_command(args);
  if (name == "validate") return validate_command(args);
  if (name == "discover") return discover_command(args);
  if (name == "plugins") return plugins_command(args);
  if (name == "version" || name == "--version" || name == "-v") return version_command(args);
  if (name == "help" || name == "--help" || name == "-h") {
    std::cout << usage;
    return exit_ok;
  }
  std::cerr << "joinery: unknown command '" << name << "'\n\n" << usage;
  return exit_usage;
}

}  // namespace

// An exception that escapes a command would end in std::terminate (SIGABRT, exit 134),
// which a unit cannot tell from a crash and which loses the reason; it is reported and
// given a status of its own instead.
int dispatch(int argc, char **argv) {
  try {
    return dispatch_command(argc, argv);
  } catch (const std::exception &error) {
    std::cerr << "joinery: internal error: " << error.what() << '\n';
  } catch (...) {
    std::cerr << "joinery: internal error: an unknown exception\n";
  }
  return exit_internal_error;
}

}  // namespace joinery::cli
