// The configuration file read when the command line names none: an operator who
// installs joinery and writes /etc/joinery/joinery.toml expects `joinery run` to read
// it, as Consul reads the -config-dir its unit names. Only when it exists, so a
// node without one runs on flags alone, as before.
#pragma once

#include <filesystem>
#include <vector>

namespace joinery::config {

// <sysconfdir>/joinery/joinery.toml of the install prefix (/etc/joinery/joinery.toml
// for a /usr install).
std::filesystem::path default_file();

// `paths` (the --config files and --config-dir directories) when any are given;
// otherwise the default file when it exists, else none.
std::vector<std::filesystem::path> paths_or_default(std::vector<std::filesystem::path> paths);

}  // namespace joinery::config
