// A discovery provider's help as joinery prints it: in `joinery discover --help`,
// `--help-provider NAME`, and under every configuration problem that involves it.
#pragma once

#include <string>

#include "plugins/discovery_provider.hpp"

namespace joinery::discovery {

// "NAME: SUMMARY", the provider's own help text (indented), then one line per key with
// its flags, type, default and description. Ends with a newline.
std::string format_provider_help(const plugins::DiscoveryProvider &provider);

}  // namespace joinery::discovery
