// Placeholder until the command lands.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"

namespace joinery::cli {

int version_command(const Arguments & /*args*/) {
  std::cerr << "joinery version: not built yet\n";
  return exit_usage;
}

}  // namespace joinery::cli
