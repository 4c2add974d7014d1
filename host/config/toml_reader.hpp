// Reads one TOML configuration file into a Layer. Every mistake is reported with
// the file, line and column: TOML syntax errors, unknown keys (with a did-you-mean),
// values of the wrong type, bad durations, negative retry counts. The same rules read
// a JSON file's document (config/json_reader.hpp), through read_document.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

#include "config/layer.hpp"
#include "problem/problem.hpp"

namespace joinery::config {

// How a document is read beyond joinery's own keys.
struct ReadRules {
  // Consul's agent keys that joinery does not read (config/consul_keys.hpp) are
  // skipped into Layer::skipped_keys instead of being unknown keys (--skip-consul-keys).
  bool skip_consul_keys = false;
};

// Parses `text`; `name` is what messages call the file (its path). Problems are
// appended to `problems`; the returned layer holds every value that was valid.
// Relative plugin_dirs are resolved against `base_dir` (the file's directory).
Layer read_toml(std::string_view text, const std::string &name,
                const std::filesystem::path &base_dir, Problems &problems,
                const ReadRules &rules = {});

// Larger configuration files (TOML or JSON) are refused: 100,000 retry_join entries
// are about 2 MiB.
inline constexpr std::size_t max_config_file_bytes = std::size_t{16} << 20;

}  // namespace joinery::config
