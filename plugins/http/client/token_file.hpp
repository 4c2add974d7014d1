// Bearer tokens kept in files (bearer_token_file, a kubeconfig's tokenFile, a service
// account's token), read afresh at every attempt because they rotate.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace joinery::http {

// The file's content without trailing whitespace (the newline editors leave), or
// nullopt when it cannot be read.
std::optional<std::string> read_token_file(const std::filesystem::path &file);

}  // namespace joinery::http
