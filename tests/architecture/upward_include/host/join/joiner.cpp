// The deliberate violation: join includes a header of cli, the layer above it.
#include "join/joiner.hpp"
#include "cli/commands.hpp"
