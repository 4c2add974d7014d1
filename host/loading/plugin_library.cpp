#include "loading/plugin_library.hpp"

#include <dlfcn.h>
#include <link.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include <boost/dll/shared_library.hpp>
#include <string_view>
#include <system_error>

#include "base/call_context.hpp"
#include "base/plugin_result.hpp"
#include "loading/abi_check.hpp"
#include "loading/discovery_provider.hpp"
#include "loading/host_services.hpp"
#include "loading/in_process_channel.hpp"
#include "loading/join_backend.hpp"
#include "loading/plugin_exit_guard.hpp"
#include "logging/log.hpp"

namespace joinery::plugins {

struct PluginLibrary::Impl {
  std::filesystem::path file;
  // Declared first so it is destroyed last: nothing from the library may outlive it.
  boost::dll::shared_library library;
  std::unique_ptr<LibraryHost> host;  // handed to init; valid until deinit returned
  joinery_entry entry{};
  LibraryIdentity identity;  // set once the entry checked out
  bool initialised = false;
  std::vector<const joinery_discovery_provider *> providers;
  std::vector<const joinery_join_backend *> backends;
};

namespace {

std::string_view contains_any(std::string_view text,
                              std::initializer_list<std::string_view> parts) {
  for (std::string_view part : parts) {
    if (text.find(part) != std::string_view::npos) return part;
  }
  return {};
}

// dlerror's text (which Boost 1.74 does not keep: every failure is the same error
// code), without the file name the refusal already carries, plus what to do about it.
Problem load_failure(const std::filesystem::path &file, const char *dl_error) {
  std::string text = dl_error != nullptr ? dl_error : "the dynamic loader gave no reason";
  const std::string prefix = file.string() + ": ";
  if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
  std::string remedy;
  if (!contains_any(text, {"invalid ELF header", "file too short", "not an ELF"}).empty()) {
    remedy =
        "it is not a shared library: remove it from the plugin directory (every *.so "
        "there is loaded as a plugin)";
  } else if (!contains_any(text, {"wrong ELF class", "ELF file's phentsize", "machine"}).empty()) {
    remedy = "it was built for another architecture: rebuild it for this machine";
  } else if (!contains_any(text, {"cannot open shared object file"}).empty()) {
    remedy =
        "a library it depends on is missing: install it, or make it findable (the "
        "plugin's RUNPATH, ldconfig, LD_LIBRARY_PATH); 'ldd " +
        file.string() + "' lists what is not found";
  } else if (!contains_any(text, {"undefined symbol"}).empty()) {
    remedy =
        "it uses a symbol none of its libraries provide: link it against every library "
        "it uses (joinery_add_plugin links with --no-undefined to catch this at build time)";
  }
  return {"cannot be loaded: " + text, file.string(), remedy};
}

// The size the library's symbol table gives `symbol`, if it names it as the entry.
std::optional<std::size_t> entry_symbol_size(const void *symbol) {
  Dl_info info{};
  void *symbol_entry = nullptr;
  if (::dladdr1(symbol, &info, &symbol_entry, RTLD_DL_SYMENT) == 0) return std::nullopt;
  const auto *elf_symbol = static_cast<const ElfW(Sym) *>(symbol_entry);
  if (elf_symbol == nullptr || info.dli_sname == nullptr ||
      std::string_view(info.dli_sname) != JOINERY_PLUGIN_ENTRY_SYMBOL || info.dli_saddr != symbol ||
      elf_symbol->st_size == 0) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(elf_symbol->st_size);
}

}  // namespace

std::string PluginLibrary::log_subsystem_for(const std::filesystem::path &file) {
  std::string stem = file.stem().string();
  for (std::string_view prefix : {"joinery-", "joinery_", "lib"}) {
    if (stem.rfind(prefix, 0) == 0 && stem.size() > prefix.size()) {
      stem.erase(0, prefix.size());
      break;
    }
  }
  return "agent.plugin." + stem;
}

namespace {

// What a factory id stands for: its tables, its checks, and words for messages.
template <class Factory, class Table>
struct ItemKind {
  const char *id;     // what get_factory is asked for
  const char *items;  // "providers": the plural, for messages
  const char *item;   // "discovery provider #": an item, followed by its index
  Result<> (*check_factory)(const Factory *);
  Result<> (*check)(const Table *, const std::string &what);
};

constexpr ItemKind<joinery_discovery_factory, joinery_discovery_provider> discovery_kind{
    JOINERY_DISCOVERY_FACTORY_ID, "providers", "discovery provider #", &check_discovery_factory,
    &check_provider};
constexpr ItemKind<joinery_join_backend_factory, joinery_join_backend> backend_kind{
    JOINERY_JOIN_BACKEND_FACTORY_ID, "backends", "join backend #", &check_backend_factory,
    &check_backend};

// Asks the library for the factory of `kind` and collects its checked tables; an
// absent factory is no problem, a malformed one or table is.
template <class Factory, class Table>
Result<> collect(const ItemKind<Factory, Table> &kind, const joinery_entry &entry,
                 std::vector<const Table *> &out) {
  const void *table = entry.get_factory(kind.id);
  if (table == nullptr) return {};
  const auto *factory = static_cast<const Factory *>(table);
  if (Result<> usable = kind.check_factory(factory); !usable) return usable;
  const Factory known = copy_table(factory);
  const std::uint32_t count = known.count(factory);
  if (count > max_plausible_count) {
    return failure({std::string("its \"") + kind.id + "\" factory counts " + std::to_string(count) +
                        " " + kind.items + ", which cannot be right: the table is corrupt",
                    "", rebuild_remedy()});
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    const Table *item = known.get(factory, i);
    if (Result<> usable = kind.check(item, kind.item + std::to_string(i)); !usable) return usable;
    out.push_back(item);
  }
  return {};
}

// The libraries loaded in this process, by file identity. dlopen hands out the same
// handle for a file that is already loaded, so a second PluginLibrary for it would
// call init a second time (and its deinit would pull the rug from the first): a
// second load of a live library returns the live one instead. The lock is held
// through init and deinit, so a library is never initialised while it is being
// torn down. Recursive: a refused load destroys its library while holding it.
struct LiveLibraries {
  std::recursive_mutex mutex;
  std::map<std::pair<dev_t, ino_t>, std::weak_ptr<PluginLibrary>> by_file;
};

LiveLibraries &live_libraries() {
  static LiveLibraries live;
  return live;
}

}  // namespace

Result<std::shared_ptr<PluginLibrary>> PluginLibrary::load(const std::filesystem::path &path) {
  auto impl = std::make_unique<Impl>();
  impl->file = std::filesystem::absolute(path).lexically_normal();
  const std::filesystem::path &file = impl->file;
  // The checks name no file: the refusal is the file's.
  auto refuse = [&](Problem problem) {
    problem.where = file.string();
    logging::debug("agent.plugin", "refused plugin",
                   {{"file", file.string()}, {"reason", problem.reason()}});
    return failure(std::move(problem));
  };

  std::error_code status_error;
  if (!std::filesystem::is_regular_file(file, status_error)) {
    return refuse({status_error ? "cannot be read: " + status_error.message()
                                : "no such file (or not a regular file)"});
  }
  struct stat identity {};
  if (::stat(file.c_str(), &identity) != 0) {
    return refuse({"cannot be read: " + std::string(std::strerror(errno))});
  }
  const std::pair<dev_t, ino_t> key{identity.st_dev, identity.st_ino};
  std::lock_guard lock(live_libraries().mutex);
  if (auto live = live_libraries().by_file[key].lock()) {
    return live;
  }

  // The library's constructors run in dlopen, its init below: both are the plugin's code.
  const InProcessPluginCall loading("plugin file " + file.string() +
                                    ", while it was loaded (its constructors or init)");
  boost::dll::fs::error_code load_error;
  ::dlerror();  // clear any stale message
  impl->library.load(boost::dll::fs::path(file.string()),
                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                     load_error);
  if (load_error || !impl->library.is_loaded()) {
    return refuse(load_failure(file, ::dlerror()));
  }

  // ABI rule 2: nothing of the plugin runs before the entry checked out.
  if (!impl->library.has(JOINERY_PLUGIN_ENTRY_SYMBOL)) {
    return refuse(
        {"has no joinery_plugin_entry symbol: it is not a joinery plugin, or the entry is not "
         "exported (define it with JOINERY_EXPORT, e.g. through JOINERY_PLUGIN(...) in C++)",
         "", "remove the file from the plugin directory if it is not a plugin"});
  }
  const void *symbol = &impl->library.get<const joinery_entry>(JOINERY_PLUGIN_ENTRY_SYMBOL);
  Result<joinery_entry> entry = read_entry(symbol, entry_symbol_size(symbol));
  if (!entry) return refuse(std::move(entry.error()));
  impl->entry = *entry;
  impl->identity = {file, impl->entry.plugin_id, impl->entry.plugin_version, impl->entry.abi_major,
                    impl->entry.abi_minor};

  impl->host = std::make_unique<LibraryHost>(log_subsystem_for(file));
  CallContext::Options init_options;
  init_options.log_subsystem = impl->host->log_subsystem();
  CallContext init_call(std::move(init_options));
  const joinery_status init_status = impl->entry.init(impl->host->table(), &init_call);
  if (init_status != JOINERY_OK) {
    const PluginResult result = make_result(init_status, init_call.error(),
                                            "plugin " + impl->identity.plugin_id() + ": init");
    return refuse({"its init failed (" + status_name(init_status) + "): " + result.message, "",
                   "the plugin refused to start, fix what it says"});
  }
  impl->initialised = true;

  // From here on the library's destructor runs deinit, refused or not.
  std::shared_ptr<PluginLibrary> library(new PluginLibrary(std::move(impl)));
  Impl &loaded = *library->impl_;
  Result<> usable = collect(discovery_kind, loaded.entry, loaded.providers);
  if (usable) usable = collect(backend_kind, loaded.entry, loaded.backends);
  if (usable && loaded.providers.empty() && loaded.backends.empty()) {
    usable = failure(
        {std::string("carries no provider or backend this joinery knows: get_factory "
                     "returned nothing for \"") +
             JOINERY_DISCOVERY_FACTORY_ID + "\" and \"" + JOINERY_JOIN_BACKEND_FACTORY_ID + "\"",
         "", "it may be built for a newer joinery (upgrade joinery), or " + rebuild_remedy()});
  }
  if (!usable) return refuse(std::move(usable.error()));
  logging::debug("agent.plugin", "loaded plugin",
                 {{"file", loaded.file.string()},
                  {"plugin", loaded.identity.plugin_id()},
                  {"version", loaded.identity.plugin_version()},
                  {"abi", std::to_string(loaded.entry.abi_major) + "." +
                              std::to_string(loaded.entry.abi_minor)}});
  live_libraries().by_file[key] = library;
  return library;
}

PluginLibrary::PluginLibrary(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PluginLibrary::~PluginLibrary() {
  std::lock_guard lock(live_libraries().mutex);
  if (impl_->initialised && impl_->entry.deinit != nullptr) {
    const InProcessPluginCall deinit("plugin file " + impl_->file.string() + ", in its deinit");
    impl_->entry.deinit();
  }
}

const LibraryIdentity &PluginLibrary::identity() const noexcept {
  return impl_->identity;
}

std::vector<std::shared_ptr<const DiscoveryProvider>> PluginLibrary::providers() const {
  std::vector<std::shared_ptr<const DiscoveryProvider>> out;
  for (const joinery_discovery_provider *table : impl_->providers) {
    out.push_back(std::make_shared<const DiscoveryProvider>(
        std::make_shared<const InProcessProvider>(shared_from_this(), table),
        PluginItemDescription::from_table(table)));
  }
  return out;
}

std::vector<std::shared_ptr<const JoinBackend>> PluginLibrary::backends() const {
  std::vector<std::shared_ptr<const JoinBackend>> out;
  for (const joinery_join_backend *table : impl_->backends) {
    out.push_back(std::make_shared<const JoinBackend>(
        std::make_shared<const InProcessBackend>(shared_from_this(), table),
        PluginItemDescription::from_table(table)));
  }
  return out;
}

}  // namespace joinery::plugins
