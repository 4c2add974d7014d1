// Reads one TOML configuration file into a Layer. Every mistake is reported with
// the file, line and column: TOML syntax errors, unknown keys (with a did-you-mean),
// values of the wrong type, bad durations, negative retry counts.
#pragma once

#include <cstddef>
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

// Larger configuration files are refused: 100,000 retry_join entries are about 2 MiB.
inline constexpr std::size_t max_config_file_bytes = std::size_t{16} << 20;

// Reads and parses a file; a file that cannot be read is one problem naming it. The
// file is read with sdk::read_regular_file: a FIFO or a device (--config /dev/zero)
// is refused without blocking, a file over max_config_file_bytes before it is read.
Layer read_toml_file(const std::filesystem::path &file, Problems &problems);

}  // namespace joinery::config
