// Reads one configuration file in the format its name says: *.json as JSON (Consul's
// agent files), *.hcl refused with the formats that are read, anything else as TOML.
#pragma once

#include <filesystem>

#include "config/layer.hpp"
#include "config/toml_reader.hpp"
#include "problem/problem.hpp"

namespace joinery::config {

// Whether a --config-dir reads `file`: *.toml and *.json, and *.hcl so that it is
// refused, saying why, rather than skipped unseen.
bool is_config_file_name(const std::filesystem::path &file);

// Reads `file` and parses it by its extension; every mistake is a problem naming the
// file. The file is read with sdk::read_regular_file: a FIFO or a device (--config
// /dev/zero) is refused without blocking, a file over max_config_file_bytes before it
// is read.
Layer read_config_file(const std::filesystem::path &file, Problems &problems,
                       const ReadRules &rules = {});

}  // namespace joinery::config
