#include "file/file_contents.hpp"

#include <joinery/sdk/regular_file.hpp>
#include <joinery/sdk/status.hpp>

#include <cerrno>

namespace joinery::file {

std::string read_file_contents(const std::string &path) {
  sdk::FileText file = sdk::read_regular_file(path, kMaxAddressFileSize);
  if (!file) {
    throw sdk::Error(
        file.error_number == ENOENT ? sdk::Status::not_found : sdk::Status::unavailable,
        "cannot read address file " + path + ": " + file.error);
  }
  return std::move(file.text);
}

}  // namespace joinery::file
