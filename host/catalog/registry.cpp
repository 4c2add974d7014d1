// The registry resolves names lazily: it scans the plugin directories, learns which
// file carries which names (from the cache when the file is unchanged, else by
// loading it), and loads a file only when a name it carries is asked for. The owner
// of a name is always the first file in search order that carries it, however the
// files were loaded, so a lazy run and `joinery plugins list` agree.
#include "catalog/registry.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "catalog/plugin_cache.hpp"
#include "catalog/plugin_loader.hpp"
#include "logging/log.hpp"

namespace joinery::plugins {
namespace {

enum class Kind { provider, backend };

std::string_view kind_name(Kind kind) {
  return kind == Kind::provider ? "provider" : "backend";
}

// One candidate file and what is known of it so far.
struct Candidate {
  PluginFile file;
  std::vector<std::string> provider_names, backend_names;
  std::optional<Problem> refused;  // why it is not usable (where: the file)
  bool refusal_from_cache = false;
  bool attempted = false;  // loaded (or refused) by this registry
  std::vector<std::shared_ptr<const DiscoveryProvider>> providers;
  std::vector<std::shared_ptr<const JoinBackend>> backends;

  [[nodiscard]] const std::vector<std::string> &names(Kind kind) const {
    return kind == Kind::provider ? provider_names : backend_names;
  }
  [[nodiscard]] bool carries(Kind kind, std::string_view name) const {
    const auto &list = names(kind);
    return !refused && std::find(list.begin(), list.end(), name) != list.end();
  }
};

// A registered name: the candidate that owns it and its position in that library.
struct Owner {
  std::size_t candidate;
  std::size_t position;
};

}  // namespace

struct Registry::Impl {
  SearchPath path;
  IsolationPolicy isolation;
  mutable std::mutex mutex;
  bool indexed = false;
  std::vector<Candidate> candidates;
  PluginCache cache;
  std::map<std::string, Owner, std::less<>> providers, backends;
  std::vector<Refusal> refusals;

  std::map<std::string, Owner, std::less<>> &registered(Kind kind) {
    return kind == Kind::provider ? providers : backends;
  }

  void add_refusal(Refusal refusal) {
    for (Refusal &known : refusals) {
      // By reason(): a cached refusal keeps its remedy within `what`.
      const bool same = known.problem.where == refusal.problem.where &&
                        (refusal.whole_file ? known.whole_file
                                            : known.problem.reason() == refusal.problem.reason());
      if (same) {
        known = std::move(refusal);  // a fresh reason replaces a cached one
        return;
      }
    }
    refusals.push_back(std::move(refusal));
  }

  void remove_library_refusal(const std::filesystem::path &file) {
    const auto found = std::find_if(refusals.begin(), refusals.end(), [&](const Refusal &known) {
      return known.problem.where == file.string() && known.whole_file;
    });
    if (found != refusals.end()) refusals.erase(found);
  }

  // Loads the candidate's file (once) and records what it carries, in the cache too.
  void attempt(Candidate &candidate) {
    if (candidate.attempted) return;
    candidate.attempted = true;
    candidate.refusal_from_cache = false;
    std::vector<std::string> known = candidate.provider_names;
    known.insert(known.end(), candidate.backend_names.begin(), candidate.backend_names.end());
    auto loaded = load_plugin_items(candidate.file.path, isolation, path.trust, known);
    if (isolation.stop && isolation.stop->stop_requested()) {
      // Cut short by shutdown: unusable now, but what became of it says nothing about the
      // file, so it is neither cached nor listed as refused.
      candidate.refused =
          Problem{"its loading was cut short by shutdown", candidate.file.path.string()};
      candidate.provider_names.clear();
      candidate.backend_names.clear();
      return;
    }
    CachedPlugin entry;
    if (!loaded) {
      candidate.refused = loaded.error();
      candidate.provider_names.clear();
      candidate.backend_names.clear();
      entry.refused = loaded.error().reason();
      add_refusal({std::move(loaded.error())});
    } else {
      LoadedItems &items = *loaded;
      candidate.refused.reset();
      remove_library_refusal(candidate.file.path);
      candidate.providers = std::move(items.providers);
      candidate.backends = std::move(items.backends);
      candidate.provider_names.clear();
      candidate.backend_names.clear();
      for (const auto &provider : candidate.providers) {
        candidate.provider_names.push_back(provider->name());
      }
      for (const auto &backend : candidate.backends) {
        candidate.backend_names.push_back(backend->name());
      }
      entry.providers = candidate.provider_names;
      entry.backends = candidate.backend_names;
    }
    cache.put(candidate.file, std::move(entry));
  }

  // Scans the directories and learns every file's names: from the cache where the
  // file is unchanged, else by loading it.
  void index() {
    if (indexed) return;
    indexed = true;
    ScanResult scan = scan_plugin_directories(path.directories);
    for (Refusal &refusal : scan.refusals) add_refusal(std::move(refusal));
    warn_of_unmatched_pins(scan);
    cache = PluginCache::read(path.cache_file);
    cache.forget_missing(scan);
    for (const PluginFile &file : scan.files) {
      Candidate &candidate = candidates.emplace_back();
      candidate.file = file;
      if (const CachedPlugin *cached = cache.find(file)) {
        candidate.provider_names = cached->providers;
        candidate.backend_names = cached->backends;
        candidate.refusal_from_cache = cached->refused.has_value();
        if (cached->refused) {
          // The reason as the cache has it, remedy and all.
          candidate.refused = Problem{*cached->refused, file.path.string()};
          add_refusal({*candidate.refused});
        }
      } else {
        attempt(candidate);
      }
    }
  }

  // A pin whose name matches no file is most likely misspelt, and then pins nothing.
  void warn_of_unmatched_pins(const ScanResult &scan) const {
    for (const auto &pin : path.trust.sha256_pins) {
      const std::string &stem = pin.first;
      const bool matched = std::any_of(scan.files.begin(), scan.files.end(),
                                       [&](const PluginFile &f) { return f.path.stem() == stem; });
      if (!matched) {
        logging::warn("agent.plugin",
                      "plugin_sha256 names a file that is not on the plugin search path; it pins "
                      "nothing (names are file names without .so, e.g. joinery-dns)",
                      {{"name", stem}, {"origin", pin.second.origin}});
      }
    }
  }

  void save_cache() {
    if (!cache.changed() || path.cache_file.empty()) return;
    if (!cache.write(path.cache_file)) {
      logging::debug("agent.plugin", "cannot write the plugin cache; working without it",
                     {{"file", path.cache_file.string()}});
    }
  }

  // The first candidate in search order that carries `name`.
  std::optional<std::size_t> winner(Kind kind, std::string_view name) const {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i].carries(kind, name)) return i;
    }
    return std::nullopt;
  }

  // Registers the names of a loaded candidate that it owns; refuses the others,
  // naming the file that owns them.
  void register_names(std::size_t index, Kind kind) {
    const Candidate &candidate = candidates[index];
    const auto &names = candidate.names(kind);
    auto &table = registered(kind);
    for (std::size_t position = 0; position < names.size(); ++position) {
      const std::string &name = names[position];
      std::optional<std::size_t> owner;
      if (auto it = table.find(name); it != table.end()) {
        owner = it->second.candidate;
      } else {
        owner = winner(kind, name);
      }
      if (owner == index) {
        table.emplace(name, Owner{index, position});
        continue;
      }
      if (!owner) continue;
      add_refusal(
          {{std::string(kind_name(kind)) + " '" + name +
                "' is refused: " + candidates[*owner].file.path.string() + " already provides a " +
                std::string(kind_name(kind)) + " of that name (the first in the search path wins)",
            candidate.file.path.string(), "remove one of the two files, or rename one of them"},
           false});
    }
  }

  void register_candidate(std::size_t index) {
    register_names(index, Kind::provider);
    register_names(index, Kind::backend);
  }

  std::optional<Owner> find(Kind kind, std::string_view name) {
    auto &table = registered(kind);
    if (auto it = table.find(name); it != table.end()) return it->second;
    index();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!candidates[i].carries(kind, name)) continue;
      attempt(candidates[i]);  // the cache may be wrong about it; then the loop goes on
      if (!candidates[i].carries(kind, name)) continue;
      register_candidate(i);
      break;
    }
    if (table.find(name) == table.end()) {
      // A file refused earlier may load now (its missing dependency was installed).
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (!candidates[i].refusal_from_cache) continue;
        attempt(candidates[i]);
        if (candidates[i].carries(kind, name) && winner(kind, name) == i) {
          register_candidate(i);
          break;
        }
      }
    }
    save_cache();
    if (auto it = table.find(name); it != table.end()) return it->second;
    return std::nullopt;
  }
};

Registry::Registry(SearchPath path) : impl_(std::make_unique<Impl>()) {
  impl_->path = std::move(path);
}

Registry::Registry(SearchPath path, IsolationPolicy isolation) : Registry(std::move(path)) {
  impl_->isolation = std::move(isolation);
}

Registry::~Registry() = default;

std::shared_ptr<const DiscoveryProvider> Registry::find_provider(std::string_view name) {
  std::lock_guard lock(impl_->mutex);
  const auto owner = impl_->find(Kind::provider, name);
  if (!owner) return nullptr;
  return impl_->candidates[owner->candidate].providers[owner->position];
}

std::shared_ptr<const JoinBackend> Registry::find_backend(std::string_view name) {
  std::lock_guard lock(impl_->mutex);
  const auto owner = impl_->find(Kind::backend, name);
  if (!owner) return nullptr;
  return impl_->candidates[owner->candidate].backends[owner->position];
}

void Registry::load_all() {
  std::lock_guard lock(impl_->mutex);
  impl_->index();
  for (Candidate &candidate : impl_->candidates) impl_->attempt(candidate);
  for (std::size_t i = 0; i < impl_->candidates.size(); ++i) {
    if (!impl_->candidates[i].refused) impl_->register_candidate(i);
  }
  impl_->save_cache();
}

std::vector<std::string> Registry::provider_names() {
  std::lock_guard lock(impl_->mutex);
  impl_->index();
  impl_->save_cache();
  std::vector<std::string> names;
  for (const Candidate &candidate : impl_->candidates) {
    if (!candidate.refused) {
      names.insert(names.end(), candidate.provider_names.begin(), candidate.provider_names.end());
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

namespace {

// Registered items in search order: by file, then by position in the file.
template <class Item, class Pick>
std::vector<std::shared_ptr<const Item>> in_search_order(
    const std::map<std::string, Owner, std::less<>> &table, Pick pick) {
  std::vector<Owner> owners;
  for (const auto &[name, owner] : table) owners.push_back(owner);
  std::sort(owners.begin(), owners.end(), [](const Owner &a, const Owner &b) {
    return a.candidate != b.candidate ? a.candidate < b.candidate : a.position < b.position;
  });
  std::vector<std::shared_ptr<const Item>> out;
  for (const Owner &owner : owners) out.push_back(pick(owner));
  return out;
}

}  // namespace

std::vector<std::shared_ptr<const DiscoveryProvider>> Registry::providers() const {
  std::lock_guard lock(impl_->mutex);
  return in_search_order<DiscoveryProvider>(impl_->providers, [&](const Owner &owner) {
    return impl_->candidates[owner.candidate].providers[owner.position];
  });
}

std::vector<std::shared_ptr<const JoinBackend>> Registry::backends() const {
  std::lock_guard lock(impl_->mutex);
  return in_search_order<JoinBackend>(impl_->backends, [&](const Owner &owner) {
    return impl_->candidates[owner.candidate].backends[owner.position];
  });
}

const std::vector<Refusal> &Registry::refusals() const {
  return impl_->refusals;
}

const SearchPath &Registry::search_path() const {
  return impl_->path;
}

std::vector<std::filesystem::path> Registry::loaded_files() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::filesystem::path> out;
  for (const Candidate &candidate : impl_->candidates) {
    if (candidate.attempted && !candidate.refused) out.push_back(candidate.file.path);
  }
  return out;
}

}  // namespace joinery::plugins
