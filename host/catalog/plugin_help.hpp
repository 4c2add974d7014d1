// A provider's or backend's help as joinery prints it: in `joinery discover --help`,
// `--help-provider NAME`, `joinery plugins`, and under every configuration problem
// that involves it. One layout everywhere.
#pragma once

#include <string>
#include <string_view>

#include "catalog/registry.hpp"
#include "loading/plugin_item_description.hpp"

namespace joinery::plugins {

// Every line of `text` prefixed with `indent` (empty lines stay empty); ends with a
// newline unless `text` is empty.
std::string indent_lines(std::string_view text, std::string_view indent);

// "NAME: SUMMARY", the plugin's own help text (indented), then one line per key with
// its flags, type, default and description. Ends with a newline.
std::string format_help(const PluginItemDescription &item);

template <class Item>  // DiscoveryProvider or JoinBackend
std::string format_help(const Item &item) {
  return format_help(item.description());
}

// The names of every provider (backend) installed on `registry`'s search path (it
// loads them all), sorted and comma-separated, or "none": for "unknown provider" and
// "unknown backend" messages.
std::string installed_provider_names(Registry &registry);
std::string installed_backend_names(Registry &registry);

}  // namespace joinery::plugins
