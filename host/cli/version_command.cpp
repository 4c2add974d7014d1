// joinery version: joinery's own version and the plugin ABI it speaks, which is
// what a plugin vendor needs to know ("built against ABI 1.x").
#include <joinery/plugin.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"

namespace joinery::cli {

int version_command(const Arguments &args) {
  bool json = false;
  for (const std::string &arg : args) {
    if (arg == "--help" || arg == "-help" || arg == "-h") {
      std::cout << "Usage: joinery version [--json]\n\nPrints joinery's version and the plugin "
                   "ABI it speaks, e.g.\n  joinery 0.1.0 (plugin ABI 1.0)\nor with --json\n  "
                   "{\"version\": \"0.1.0\", \"plugin_abi\": {\"major\": 1, \"minor\": 0}}\n";
      return exit_ok;
    }
    if (arg == "--json" || arg == "-json") {
      json = true;
      continue;
    }
    std::cerr << "joinery version: unexpected argument '" << arg << "'\n";
    return exit_usage;
  }
  if (json) {
    const nlohmann::ordered_json version{
        {"version", JOINERY_VERSION},
        {"plugin_abi", {{"major", JOINERY_ABI_MAJOR}, {"minor", JOINERY_ABI_MINOR}}}};
    std::cout << version.dump() << '\n';
    return exit_ok;
  }
  std::cout << "joinery " << JOINERY_VERSION << " (plugin ABI " << JOINERY_ABI_MAJOR << "."
            << JOINERY_ABI_MINOR << ")\n";
  return exit_ok;
}

}  // namespace joinery::cli
