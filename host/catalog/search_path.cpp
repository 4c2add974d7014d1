#include "catalog/search_path.hpp"

#include <limits.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "logging/log.hpp"

namespace joinery::plugins {
namespace {

// A directory in one spelling: absolute, normal, and without a trailing slash (which
// lexically_normal keeps), so that "/opt/plugins/" is the parent_path of its files,
// as the plugin cache compares them.
std::filesystem::path absolute_normal(const std::filesystem::path &path) {
  std::error_code ignored;
  std::filesystem::path out = std::filesystem::absolute(path, ignored);
  out = (out.empty() ? path : out).lexically_normal();
  return out.has_filename() || !out.has_relative_path() ? out : out.parent_path();
}

// The identity of a file or directory, whatever name (symlink, hard link, relative
// path) it was reached by: its device and inode, from one stat() (no path walk).
using FileIdentity = std::pair<dev_t, ino_t>;

FileIdentity identity(const struct stat &info) {
  return {info.st_dev, info.st_ino};
}

std::vector<std::filesystem::path> split_path_list(std::string_view text) {
  std::vector<std::filesystem::path> out;
  while (true) {
    const std::size_t colon = text.find(':');
    if (std::string_view part = text.substr(0, colon); !part.empty()) out.emplace_back(part);
    if (colon == std::string_view::npos) break;
    text.remove_prefix(colon + 1);
  }
  return out;
}

Problem unreadable(const std::filesystem::path &dir, const std::error_code &error) {
  return {"plugin directory cannot be read: " + error.message(), dir.string(),
          "make it readable by the user joinery runs as (uid " + std::to_string(::geteuid()) + ")"};
}

}  // namespace

std::filesystem::path builtin_plugin_dir() {
  // readlink(2) itself: std::filesystem::read_symlink stats the link first, and this
  // runs at every start.
  char executable[PATH_MAX];
  const ssize_t size = ::readlink("/proc/self/exe", executable, sizeof executable);
  if (size <= 0 || static_cast<std::size_t>(size) >= sizeof executable) return {};
  return (std::filesystem::path(std::string(executable, static_cast<std::size_t>(size)))
              .parent_path() /
          JOINERY_PLUGIN_RELATIVE_DIR)
      .lexically_normal();
}

std::filesystem::path default_cache_file(bool use_environment) {
  const std::filesystem::path name = std::filesystem::path("joinery") / "plugin-cache.json";
  if (const char *xdg = std::getenv("XDG_CACHE_HOME");
      use_environment && xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / name;
  }
  if (::geteuid() == 0) {
    return std::filesystem::path("/var/cache") / name;
  }
  const char *home = std::getenv("HOME");
  if (!use_environment) {
    const passwd *user = ::getpwuid(::geteuid());
    home = user != nullptr ? user->pw_dir : nullptr;
  }
  if (home != nullptr && home[0] == '/') {
    return std::filesystem::path(home) / ".cache" / name;
  }
  return {};
}

SearchPath SearchPath::standard(const std::vector<std::filesystem::path> &flag_dirs,
                                const std::vector<std::filesystem::path> &config_dirs,
                                TrustPolicy trust) {
  SearchPath out;
  out.directories = flag_dirs;
  out.directories.insert(out.directories.end(), config_dirs.begin(), config_dirs.end());
  const Result<> environment_trusted = environment_distrust(trust);
  if (const char *env = std::getenv("JOINERY_PLUGIN_PATH"); env != nullptr && env[0] != '\0') {
    if (environment_trusted) {
      for (auto &dir : split_path_list(env)) out.directories.push_back(std::move(dir));
    } else {
      logging::warn("agent.plugin",
                    "ignoring JOINERY_PLUGIN_PATH: " + environment_trusted.error().text(),
                    {{"JOINERY_PLUGIN_PATH", env}});
    }
  }
  if (std::filesystem::path builtin = builtin_plugin_dir(); !builtin.empty()) {
    out.directories.push_back(std::move(builtin));
  }
  out.cache_file = default_cache_file(environment_trusted.has_value());
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && !environment_trusted) {
    // Often inherited (sudo -E, su) rather than meant: not worth a warning.
    logging::debug(
        "agent.plugin",
        "ignoring XDG_CACHE_HOME for the plugin cache: " + environment_trusted.error().text(),
        {{"cache", out.cache_file.string()}});
  }
  out.trust = std::move(trust);
  return out;
}

ScanResult scan_plugin_directories(const std::vector<std::filesystem::path> &directories) {
  ScanResult result;
  std::set<FileIdentity> seen_directories, seen_files;
  for (const std::filesystem::path &given : directories) {
    const std::filesystem::path dir = absolute_normal(given);
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0) {
      const int stat_error = errno;
      result.refusals.push_back(
          {stat_error == ENOENT
               ? Problem{"plugin directory does not exist", dir.string(),
                         "create it or correct the path"}
               : unreadable(dir, std::error_code(stat_error, std::generic_category()))});
      continue;
    }
    if (!seen_directories.insert(identity(info)).second) continue;
    if (!S_ISDIR(info.st_mode)) {
      result.refusals.push_back(
          {{"is not a directory", dir.string(), "plugin paths name directories"}});
      continue;
    }
    if (Result<> trusted = untrusted_directory(dir); !trusted) {
      result.refusals.push_back({std::move(trusted.error())});
      continue;
    }
    std::vector<std::filesystem::path> names;
    std::error_code error;
    std::filesystem::directory_iterator it(dir, error);
    for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
      const std::filesystem::path &file = it->path();
      if (file.extension() == ".so") names.push_back(file);
    }
    if (error) {
      result.refusals.push_back({unreadable(dir, error)});
      continue;
    }
    result.scanned.push_back(dir);
    std::sort(names.begin(), names.end());
    std::size_t found = 0;
    for (const std::filesystem::path &file : names) {
      struct stat info {};
      if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
      ++found;
      if (!seen_files.insert(identity(info)).second) continue;
      result.files.push_back(
          {file, static_cast<std::uintmax_t>(info.st_size),
           static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec});
    }
    if (found == 0) {
      result.refusals.push_back(
          {{"plugin directory holds no plugin files (*.so); nothing to load from it",
            dir.string()}});
    }
  }
  return result;
}

}  // namespace joinery::plugins
