#include "catalog/plugin_loader.hpp"

#include "isolation/isolated_library.hpp"

namespace joinery::plugins {

Result<LoadedItems> load_plugin_items(const std::filesystem::path &file,
                                      const IsolationPolicy &policy, const TrustPolicy &trust,
                                      const std::vector<std::string> &known_names) {
  // Trust is the host's to judge, before a runner (or this process) maps the file: the
  // one check of a file (PluginLibrary::load does not repeat it; a pin is hashed once).
  if (Result<> trusted = untrusted_plugin_file(file, trust); !trusted) {
    return failure(std::move(trusted.error()));
  }
  const bool probe_first =
      policy.any() && (known_names.empty() || policy.isolates_any(known_names));
  if (probe_first) {
    auto probed = IsolatedLibrary::probe(file, policy);
    if (!probed) return failure(std::move(probed.error()));
    const std::shared_ptr<IsolatedLibrary> &isolated = *probed;
    LoadedItems items{isolated->providers(), isolated->backends()};
    std::vector<std::string> names;
    for (const auto &provider : items.providers) names.push_back(provider->name());
    for (const auto &backend : items.backends) names.push_back(backend->name());
    if (policy.isolates_any(names)) return items;
    // Nothing it carries is isolated after all: load it here, as usual.
  }
  auto loaded = PluginLibrary::load(file);
  if (!loaded) return failure(std::move(loaded.error()));
  const std::shared_ptr<PluginLibrary> &library = *loaded;
  return LoadedItems{library->providers(), library->backends()};
}

}  // namespace joinery::plugins
