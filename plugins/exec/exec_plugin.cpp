// The `exec` plugin library: one library, the exec join backend and the exec
// discovery provider.
#include <joinery/plugin.hpp>

#include "exec_backend.hpp"
#include "exec_provider.hpp"

JOINERY_PLUGIN("org.joinery.exec", "1.0.0", joinery::sdk::Providers<joinery::exec::ExecProvider>,
               joinery::sdk::Backends<joinery::exec::ExecBackend>);
