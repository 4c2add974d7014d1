// What a discovery provider or a join backend says about itself: its name, a one-line
// summary, its help text and the keys it takes. The host copies it out of the
// plugin's C table once (or receives it from a plugin runner, isolated_protocol.hpp),
// so that listings, help and key checks never read the library's memory again and
// look the same whether the item runs in this process or in a runner.
#pragma once

#include <joinery/plugin.h>

#include <cstddef>
#include <string>
#include <vector>

#include "keys/key_spec.hpp"
#include "loading/abi_check.hpp"

namespace joinery::plugins {

struct PluginItemDescription {
  std::string name, summary, help;
  std::vector<KeySpec> keys;

  // From a joinery_discovery_provider or joinery_join_backend that abi_check accepted:
  // both tables describe themselves with the same fields. Reads no further than the
  // table's declared struct_size (copy_table).
  template <class Table>
  static PluginItemDescription from_table(const Table *table) {
    const Table known = copy_table(table);
    return from_fields(known.name, known.summary, known.help, known.keys, known.key_count);
  }

  // A NULL summary or help (the ABI allows it) reads as empty.
  static PluginItemDescription from_fields(const char *name, const char *summary, const char *help,
                                           const joinery_key *keys, std::size_t key_count);
};

}  // namespace joinery::plugins
