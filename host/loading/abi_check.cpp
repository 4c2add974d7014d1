#include "loading/abi_check.hpp"

#include <cstdint>
#include <cstring>

namespace joinery::plugins {
namespace {

std::string abi_text(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// A problem the plugin's author has to fix by a rebuild: that is the remedy.
tl::unexpected<Problem> needs_rebuild(std::string what) {
  return failure({std::move(what), "", rebuild_remedy()});
}

tl::unexpected<Problem> too_small(const std::string &what, std::uint32_t size,
                                  std::size_t minimum) {
  return needs_rebuild(what + " declares struct_size " + std::to_string(size) +
                       " bytes, smaller than the " + std::to_string(minimum) +
                       " bytes of ABI 1.0: the library was built from a broken or foreign header");
}

tl::unexpected<Problem> missing(const std::string &what, const char *field) {
  return failure({what + " has no " + field + " (NULL): the plugin is incomplete", "",
                  "fix it and " + rebuild_remedy()});
}

Result<> check_keys_table(const joinery_key *keys, std::size_t count, const std::string &what) {
  if (count > max_plausible_count) {
    return needs_rebuild(what + " declares " + std::to_string(count) +
                         " keys, which cannot be right: the table is corrupt");
  }
  if (count > 0 && keys == nullptr) {
    return needs_rebuild(what + " declares " + std::to_string(count) +
                         " keys but no key table (NULL)");
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (keys[i].name == nullptr || keys[i].name[0] == '\0') {
      return failure({what + ": key #" + std::to_string(i) + " has no name", "",
                      "fix the key table and " + rebuild_remedy()});
    }
  }
  return {};
}

}  // namespace

std::string rebuild_remedy() {
  return "rebuild against joinery plugin ABI " + std::to_string(JOINERY_ABI_MAJOR) + ".x";
}

Result<joinery_entry> read_entry(const void *symbol, std::optional<std::size_t> symbol_size) {
  // abi_major, abi_minor and struct_size open every entry of every ABI version.
  constexpr std::size_t prefix = 3 * sizeof(std::uint32_t);
  if (symbol_size && *symbol_size < prefix) {
    return needs_rebuild("its joinery_plugin_entry symbol is " + std::to_string(*symbol_size) +
                         " bytes, too small to be a joinery plugin entry (" +
                         std::to_string(prefix) + " bytes at least)");
  }
  std::uint32_t head[3];
  std::memcpy(head, symbol, sizeof head);
  const std::uint32_t major = head[0];
  const std::uint32_t minor = head[1];
  const std::uint32_t size = head[2];
  const std::string ours = abi_text(JOINERY_ABI_MAJOR, JOINERY_ABI_MINOR);
  if (major > JOINERY_ABI_MAJOR) {
    return failure({"it was built against joinery plugin ABI " + abi_text(major, minor) +
                        ", newer than the ABI " + ours + " this joinery speaks",
                    "",
                    rebuild_remedy() + ", or upgrade joinery to one that speaks ABI " +
                        std::to_string(major) + ".x"});
  }
  if (major < JOINERY_ABI_MAJOR) {
    return needs_rebuild("it was built against joinery plugin ABI " + abi_text(major, minor) +
                         ", older than the ABI " + ours + " this joinery speaks");
  }
  if (size < entry_min_size) {
    return too_small("its joinery_plugin_entry", size, entry_min_size);
  }
  if (symbol_size && *symbol_size < size) {
    return needs_rebuild("its joinery_plugin_entry declares struct_size " + std::to_string(size) +
                         " bytes but the exported symbol is only " + std::to_string(*symbol_size) +
                         " bytes: the entry is corrupt");
  }
  joinery_entry entry{};
  std::memcpy(static_cast<void *>(&entry), symbol, size < sizeof entry ? size : sizeof entry);
  if (entry.plugin_id == nullptr || entry.plugin_id[0] == '\0') {
    return missing("its entry", "plugin_id");
  }
  if (entry.plugin_version == nullptr) {
    return missing("its entry", "plugin_version");
  }
  if (entry.init == nullptr) {
    return missing("its entry", "init function");
  }
  if (entry.get_factory == nullptr) {
    return missing("its entry", "get_factory function");
  }
  return entry;
}

Result<> check_discovery_factory(const joinery_discovery_factory *factory) {
  const std::string what = std::string("its \"") + JOINERY_DISCOVERY_FACTORY_ID + "\" factory";
  if (factory->struct_size < discovery_factory_min_size) {
    return too_small(what, factory->struct_size, discovery_factory_min_size);
  }
  const joinery_discovery_factory copy = copy_table(factory);
  if (copy.count == nullptr) return missing(what, "count function");
  if (copy.get == nullptr) return missing(what, "get function");
  return {};
}

Result<> check_backend_factory(const joinery_join_backend_factory *factory) {
  const std::string what = std::string("its \"") + JOINERY_JOIN_BACKEND_FACTORY_ID + "\" factory";
  if (factory->struct_size < backend_factory_min_size) {
    return too_small(what, factory->struct_size, backend_factory_min_size);
  }
  const joinery_join_backend_factory copy = copy_table(factory);
  if (copy.count == nullptr) return missing(what, "count function");
  if (copy.get == nullptr) return missing(what, "get function");
  return {};
}

Result<> check_provider(const joinery_discovery_provider *provider, const std::string &what) {
  if (provider == nullptr) {
    return needs_rebuild(what + " is missing (get returned NULL for an index below count)");
  }
  if (provider->struct_size < provider_min_size) {
    return too_small(what, provider->struct_size, provider_min_size);
  }
  const joinery_discovery_provider copy = copy_table(provider);
  if (copy.name == nullptr || copy.name[0] == '\0') return missing(what, "name");
  const std::string named = what + " '" + copy.name + "'";
  if (copy.discover == nullptr) return missing(named, "discover function");
  return check_keys_table(copy.keys, copy.key_count, named);
}

Result<> check_backend(const joinery_join_backend *backend, const std::string &what) {
  if (backend == nullptr) {
    return needs_rebuild(what + " is missing (get returned NULL for an index below count)");
  }
  if (backend->struct_size < backend_min_size) {
    return too_small(what, backend->struct_size, backend_min_size);
  }
  const joinery_join_backend copy = copy_table(backend);
  if (copy.name == nullptr || copy.name[0] == '\0') return missing(what, "name");
  const std::string named = what + " '" + copy.name + "'";
  if (copy.create == nullptr) return missing(named, "create function");
  if (copy.join == nullptr) return missing(named, "join function");
  if (copy.destroy == nullptr) return missing(named, "destroy function");
  return check_keys_table(copy.keys, copy.key_count, named);
}

}  // namespace joinery::plugins
