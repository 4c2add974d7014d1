// Allowed: cli links join, and join links base.
#include "cli/commands.hpp"
#include "base/flag.hpp"
#include "join/joiner.hpp"
