// Plugin files and directories with exactly the modes a trust test means, whatever
// the umask the tests run under.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string_view>
#include <system_error>

#include "support/plugin_dir.hpp"

namespace joinery::test {

inline void set_mode(const std::filesystem::path &path, mode_t mode) {
  if (::chmod(path.c_str(), mode) != 0) {
    throw std::filesystem::filesystem_error("chmod", path,
                                            std::error_code(errno, std::generic_category()));
  }
}

// Copies the bundled joinery-<name>.so into `dir`'s plugins (mode 0755, plugins/ too).
inline std::filesystem::path add_bundled(PluginDir &dir, std::string_view name) {
  set_mode(dir.plugins(), 0755);
  const std::filesystem::path file = dir.add(bundled(name));
  set_mode(file, 0755);
  return file;
}

// Another directory of `dir` (mode 0755).
inline std::filesystem::path make_directory(const PluginDir &dir, std::string_view name) {
  const std::filesystem::path made = dir.make_directory(name);
  set_mode(made, 0755);
  return made;
}

}  // namespace joinery::test
