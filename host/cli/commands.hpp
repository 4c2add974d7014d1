// The joinery sub-commands. Each takes the arguments after its name and returns an
// exit status (cli/exit_status.hpp); each lives in its own file.
#pragma once

#include <string>
#include <vector>

namespace joinery::cli {

using Arguments = std::vector<std::string>;

int run_command(const Arguments &args);       // joinery run: join the clusters
int validate_command(const Arguments &args);  // joinery validate: check a configuration
int discover_command(const Arguments &args);  // joinery discover: print what a provider finds
int plugins_command(const Arguments &args);   // joinery plugins list|inspect
int version_command(const Arguments &args);   // joinery version

// Picks the command from argv[1] and runs it.
int dispatch(int argc, char **argv);

}  // namespace joinery::cli
