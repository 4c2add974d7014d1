#include "catalog/plugin_loader.hpp"

#include "isolation/isolated_library.hpp"

namespace joinery::plugins {

std::variant<LoadedItems, Refusal> load_plugin_items(const std::filesystem::path &file,
                                                     const IsolationPolicy &policy,
                                                     const TrustPolicy &trust,
                                                     const std::vector<std::string> &known_names) {
  // Trust is the host's to judge, before a runner (or this process) maps the file: the
  // one check of a file (PluginLibrary::load does not repeat it; a pin is hashed once).
  if (Result<> trusted = untrusted_plugin_file(file, trust); !trusted) {
    return Refusal{file, trusted.error().reason()};
  }
  const bool probe_first =
      policy.any() && (known_names.empty() || policy.isolates_any(known_names));
  if (probe_first) {
    auto probed = IsolatedLibrary::probe(file, policy);
    if (auto *refusal = std::get_if<Refusal>(&probed)) return std::move(*refusal);
    const auto &isolated = std::get<std::shared_ptr<IsolatedLibrary>>(probed);
    LoadedItems items{isolated->providers(), isolated->backends()};
    std::vector<std::string> names;
    for (const auto &provider : items.providers) names.push_back(provider->name());
    for (const auto &backend : items.backends) names.push_back(backend->name());
    if (policy.isolates_any(names)) return items;
    // Nothing it carries is isolated after all: load it here, as usual.
  }
  auto loaded = PluginLibrary::load(file);
  if (auto *refusal = std::get_if<Refusal>(&loaded)) return std::move(*refusal);
  const auto &library = std::get<std::shared_ptr<PluginLibrary>>(loaded);
  return LoadedItems{library->providers(), library->backends()};
}

}  // namespace joinery::plugins
