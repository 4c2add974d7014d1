// What the host checks in a plugin's structs before it calls any plugin code or
// trusts a field (ABI rule 2): the major version, each struct's declared size against
// the smallest size ABI 1.0 allows, and the pointers a function call would follow.
// Reads never go past the size the plugin declared: fields beyond it (a struct from
// an older minor) read as zero, fields the host does not know (a newer minor) are
// not read at all. Each problem is described for the operator, remedy included; its
// where is left to the caller, which knows the file.
#pragma once

#include <joinery/plugin.h>

#include <cstddef>
#include <optional>
#include <string>

#include "problem/result.hpp"

namespace joinery::plugins {

// "rebuild against joinery plugin ABI 1.x"
std::string rebuild_remedy();

// A C string a plugin may leave NULL (summary, help, description), as a std::string.
inline std::string text_or_empty(const char *text) {
  return text != nullptr ? text : "";
}

// The smallest struct_size each ABI 1.x struct may declare.
inline constexpr std::size_t entry_min_size = JOINERY_PLUGIN_ENTRY_MIN_SIZE;
inline constexpr std::size_t discovery_factory_min_size =
    offsetof(joinery_discovery_factory, get) + sizeof(void *);
inline constexpr std::size_t backend_factory_min_size =
    offsetof(joinery_join_backend_factory, get) + sizeof(void *);
inline constexpr std::size_t provider_min_size =
    offsetof(joinery_discovery_provider, discover) + sizeof(void *);
inline constexpr std::size_t backend_min_size =
    offsetof(joinery_join_backend, destroy) + sizeof(void *);

// More providers in one library, or keys in one provider, than this means a corrupt table.
inline constexpr std::size_t max_plausible_count = 4096;

// Reads the exported `joinery_plugin_entry` at `symbol`. `symbol_size` is the size
// the library's symbol table gives it (nullopt when it gives none). Returns the
// entry as this host knows it, or why it cannot be used.
Result<joinery_entry> read_entry(const void *symbol, std::optional<std::size_t> symbol_size);

// Copies a plugin table up to its declared struct_size (its first field), zero-filling
// the rest; the caller has checked struct_size against the minimum first.
template <class Table>
Table copy_table(const Table *table) {
  Table copy{};
  const std::size_t size = table->struct_size < sizeof(Table) ? table->struct_size : sizeof(Table);
  __builtin_memcpy(static_cast<void *>(&copy), static_cast<const void *>(table), size);
  return copy;
}

// Nothing when usable, else what is wrong. `what` names the table for the message,
// e.g. "discovery provider #2".
Result<> check_discovery_factory(const joinery_discovery_factory *factory);
Result<> check_backend_factory(const joinery_join_backend_factory *factory);
Result<> check_provider(const joinery_discovery_provider *provider, const std::string &what);
Result<> check_backend(const joinery_join_backend *backend, const std::string &what);

}  // namespace joinery::plugins
