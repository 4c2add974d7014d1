// A discovery provider's help as joinery prints it: in `joinery discover --help`,
// `--help-provider NAME`, and under every configuration problem that involves it.
#pragma once

#include <string>

#include "plugins/discovery_provider.hpp"
#include "plugins/registry.hpp"

namespace joinery::discovery {

// "NAME: SUMMARY", the provider's own help text (indented), then one line per key with
// its flags, type, default and description. Ends with a newline.
std::string format_provider_help(const plugins::DiscoveryProvider &provider);

// The names of every provider installed on `registry`'s search path (it loads them
// all), sorted and comma-separated, or "none": for "unknown provider" messages.
std::string installed_provider_names(plugins::Registry &registry);

}  // namespace joinery::discovery
