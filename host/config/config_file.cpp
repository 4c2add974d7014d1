#include "config/config_file.hpp"

#include <joinery/sdk/regular_file.hpp>

#include "config/json_reader.hpp"
#include "config/toml_reader.hpp"

namespace joinery::config {

bool is_config_file_name(const std::filesystem::path &file) {
  const std::filesystem::path extension = file.extension();
  return extension == ".toml" || extension == ".json" || extension == ".hcl";
}

Layer read_config_file(const std::filesystem::path &file, Problems &problems,
                       const ReadRules &rules) {
  const std::filesystem::path extension = file.extension();
  if (extension == ".hcl") {
    // Consul reads HCL too; joinery does not parse it (no maintained C++ HCL library).
    problems.push_back(
        {"HCL is not read: joinery reads TOML (*.toml) and JSON (*.json) configuration "
         "files; write this file's settings as JSON (Consul reads the same keys from a "
         ".json file) or TOML",
         file.string()});
    return {};
  }
  const sdk::FileText read = sdk::read_regular_file(file.string(), max_config_file_bytes);
  if (!read) {
    problems.push_back({"cannot read the configuration file: " + read.error, file.string()});
    return {};
  }
  const auto read_document = extension == ".json" ? read_json : read_toml;
  return read_document(read.text, file.string(), file.parent_path(), problems, rules);
}

}  // namespace joinery::config
