// The rules of joinery's configuration keys applied to a parsed document: TOML's,
// or a JSON file's converted to it (config/json_reader.cpp), so both formats share
// every key, type check and message. Only the two readers include this (and toml++).
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <string>

#include "config/layer.hpp"
#include "config/toml_reader.hpp"
#include "problem/problem.hpp"

namespace joinery::config {

// Reads `root` as configuration file `name`. A node without a source position (one
// made from JSON) is named by the file alone: the key's path in the message says where.
// Keys are taken in source order (line, then column), so a converted document gives its
// keys positions on line 0 in the order they were written.
Layer read_document(const toml::table &root, const std::string &name,
                    const std::filesystem::path &base_dir, const ReadRules &rules,
                    Problems &problems);

}  // namespace joinery::config
