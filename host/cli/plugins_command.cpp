// Placeholder until the command lands.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"

namespace joinery::cli {

int plugins_command(const Arguments & /*args*/) {
  std::cerr << "joinery plugins: not built yet\n";
  return exit_usage;
}

}  // namespace joinery::cli
