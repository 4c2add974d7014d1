// The `file` provider's keys: `path` and `format`.
#pragma once

#include <joinery/sdk/config.hpp>

#include <string>

namespace joinery::file {

enum class FileFormat {
  lines,   // one address per line; '#' starts a comment; blank lines ignored
  json,    // a JSON array of strings
  detect,  // `auto`: JSON when the file opens a JSON array, lines otherwise
};

struct FileSettings {
  std::string path;
  FileFormat format = FileFormat::detect;
};

// Reads and checks the keys. Throws sdk::Error(invalid_config) naming the key.
FileSettings read_file_settings(const sdk::Config &config);

}  // namespace joinery::file
