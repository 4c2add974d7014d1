// Reads one TOML configuration file into a Layer. Every mistake is reported with
// the file, line and column: TOML syntax errors, unknown keys (with a did-you-mean),
// values of the wrong type, bad durations, negative retry counts.
#pragma once

#include <filesystem>
#include <string_view>

#include "config/layer.hpp"
#include "config/problem.hpp"

namespace joinery::config {

// Parses `text`; `name` is what messages call the file (its path). Problems are
// appended to `problems`; the returned layer holds every value that was valid.
// Relative plugin_dirs are resolved against `base_dir` (the file's directory).
Layer read_toml(std::string_view text, const std::string &name,
                const std::filesystem::path &base_dir, Problems &problems);

// Reads and parses a file; a file that cannot be read is one problem naming it.
Layer read_toml_file(const std::filesystem::path &file, Problems &problems);

}  // namespace joinery::config
