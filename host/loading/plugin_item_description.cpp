#include "loading/plugin_item_description.hpp"

#include "loading/abi_check.hpp"

namespace joinery::plugins {

PluginItemDescription PluginItemDescription::from_fields(const char *name, const char *summary,
                                                         const char *help, const joinery_key *keys,
                                                         std::size_t key_count) {
  return {text_or_empty(name), text_or_empty(summary), text_or_empty(help),
          key_specs(keys, key_count)};
}

}  // namespace joinery::plugins
