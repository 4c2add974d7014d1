// The library carrying the `file` provider.
#include <joinery/plugin.hpp>

#include "file/file_provider.hpp"

JOINERY_PLUGIN("org.joinery.file", "1.0.0", joinery::sdk::Providers<joinery::file::FileProvider>,
               joinery::sdk::Backends<>);
