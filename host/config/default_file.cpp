#include "config/default_file.hpp"

#include <system_error>

namespace joinery::config {

std::filesystem::path default_file() {
  return JOINERY_DEFAULT_CONFIG_FILE;
}

std::vector<std::filesystem::path> paths_or_default(std::vector<std::filesystem::path> paths) {
  if (!paths.empty()) return paths;
  std::error_code error;
  // A symbolic link counts too (a dangling one is then the loader's error to report).
  if (std::filesystem::symlink_status(default_file(), error).type() !=
      std::filesystem::file_type::not_found) {
    if (!error) paths.push_back(default_file());
  }
  return paths;
}

}  // namespace joinery::config
