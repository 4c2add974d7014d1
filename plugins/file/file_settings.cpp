#include "file/file_settings.hpp"

#include <joinery/sdk/status.hpp>

namespace joinery::file {

FileSettings read_file_settings(const sdk::Config &config) {
  FileSettings settings;
  settings.path = std::string(config.require("path"));
  const std::string_view format = config.get_or("format", "auto");
  if (format == "lines") {
    settings.format = FileFormat::lines;
  } else if (format == "json") {
    settings.format = FileFormat::json;
  } else if (format == "auto" || format.empty()) {
    settings.format = FileFormat::detect;
  } else {
    throw sdk::Error(sdk::Status::invalid_config,
                     "format: \"" + std::string(format) + "\" is not one of lines, json, auto");
  }
  return settings;
}

}  // namespace joinery::file
