// Reads a configuration file written in JSON, as Consul's agent reads its *.json
// files: the same keys as TOML (Consul's names: retry_join, connect.enabled, ...),
// the same types and rules. A syntax error names its line and column; other problems
// name the file and the key's path (JSON carries no positions once parsed).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "config/layer.hpp"
#include "config/toml_reader.hpp"
#include "problem/problem.hpp"

namespace joinery::config {

// Parses `text`; `name` is what messages call the file. As read_toml.
Layer read_json(std::string_view text, const std::string &name,
                const std::filesystem::path &base_dir, Problems &problems,
                const ReadRules &rules = {});

}  // namespace joinery::config
