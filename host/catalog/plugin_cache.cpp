#include "catalog/plugin_cache.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <joinery/sdk/regular_file.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "logging/json_text.hpp"

namespace joinery::plugins {
namespace {

constexpr int format_version = 1;
// Larger cache files are ignored: an entry is a few hundred bytes per plugin file.
constexpr std::size_t max_cache_file_bytes = std::size_t{16} << 20;

// Refusal reasons and accepted ABI versions depend on the host that wrote them.
std::string host_identity() {
  return std::string("joinery ") + JOINERY_VERSION + " ABI " + std::to_string(JOINERY_ABI_MAJOR) +
         "." + std::to_string(JOINERY_ABI_MINOR);
}

// True when nothing is at `path` any more (or a directory on the way is gone); a
// file that cannot be checked (no permission) is not known to be gone and stays.
bool is_gone(const std::string &path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

}  // namespace

PluginCache PluginCache::read(const std::filesystem::path &file) {
  PluginCache cache;
  if (file.empty()) return cache;
  // read(2), not an ifstream: a run reads this file at every start, and the first
  // ifstream of a process costs it about 0.1 ms (locale and buffer set-up). A cache
  // that cannot be read (a FIFO, larger than max_cache_file_bytes) is no cache.
  const sdk::FileText read = sdk::read_regular_file(file.string(), max_cache_file_bytes);
  if (!read) return cache;
  const nlohmann::json json = nlohmann::json::parse(read.text, nullptr, /*allow_exceptions=*/false);
  try {
    if (!json.is_object() || json.value("format", 0) != format_version ||
        json.value("host", "") != host_identity()) {
      return cache;
    }
    for (const auto &[path, item] : json.at("files").items()) {
      CachedPlugin entry;
      entry.size = item.at("size").get<std::uintmax_t>();
      entry.mtime_ns = item.at("mtime_ns").get<std::int64_t>();
      entry.providers = item.at("providers").get<std::vector<std::string>>();
      entry.backends = item.at("backends").get<std::vector<std::string>>();
      if (item.contains("refused") && item.at("refused").is_string()) {
        entry.refused = item.at("refused").get<std::string>();
      }
      cache.files_.emplace(path, std::move(entry));
    }
  } catch (const nlohmann::json::exception &) {
    return PluginCache{};  // a damaged cache is no cache
  }
  return cache;
}

const CachedPlugin *PluginCache::find(const PluginFile &plugin) const {
  const auto it = files_.find(plugin.path.string());
  if (it == files_.end() || it->second.size != plugin.size ||
      it->second.mtime_ns != plugin.mtime_ns) {
    return nullptr;
  }
  return &it->second;
}

void PluginCache::put(const PluginFile &plugin, CachedPlugin entry) {
  entry.size = plugin.size;
  entry.mtime_ns = plugin.mtime_ns;
  auto [held, added] = files_.try_emplace(plugin.path.string(), entry);
  if (added || held->second != entry) {
    held->second = std::move(entry);
    changed_ = true;
  }
}

void PluginCache::forget_missing(const ScanResult &scan) {
  std::set<std::string> present, scanned;
  for (const PluginFile &file : scan.files) present.insert(file.path.string());
  for (const std::filesystem::path &dir : scan.scanned) scanned.insert(dir.string());
  for (auto it = files_.begin(); it != files_.end();) {
    const std::string dir = std::filesystem::path(it->first).parent_path().string();
    if (scanned.count(dir) != 0 && present.count(it->first) == 0) {
      it = files_.erase(it);
      changed_ = true;
    } else {
      ++it;
    }
  }
}

bool PluginCache::write(const std::filesystem::path &file) const {
  if (file.empty()) return false;
  nlohmann::json files = nlohmann::json::object();
  for (const auto &[path, entry] : files_) {
    // forget_missing drops only the files of directories this run scanned; another
    // run may use other directories, so their entries stay, but not once their file
    // is gone (a deleted temporary plugin directory): else the cache grows for ever,
    // above all root's, which every run on the machine shares. One stat an entry,
    // paid only here, when something changed.
    if (is_gone(path)) continue;
    files[path] = {{"size", entry.size},
                   {"mtime_ns", entry.mtime_ns},
                   {"providers", entry.providers},
                   {"backends", entry.backends},
                   {"refused", entry.refused ? nlohmann::json(*entry.refused) : nlohmann::json()}};
  }
  const nlohmann::json json = {
      {"format", format_version}, {"host", host_identity()}, {"files", files}};

  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  const std::filesystem::path temporary =
      file.string() + ".tmp." + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return false;
    out << logging::json_text(json, 1) << '\n';
    if (!out.flush()) {
      std::filesystem::remove(temporary, error);
      return false;
    }
  }
  std::filesystem::rename(temporary, file, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    return false;
  }
  return true;
}

}  // namespace joinery::plugins
