// Bearer tokens kept in files (bearer_token_file, a kubeconfig's tokenFile, a service
// account's token), read afresh at every attempt because they rotate.
#pragma once

#include <joinery/sdk/regular_file.hpp>

#include <cstddef>
#include <filesystem>

namespace joinery::http {

// Larger token files are refused: a JWT is a few KiB; a wrong path (/dev/zero, a log)
// may be anything.
inline constexpr std::size_t max_token_file_bytes = std::size_t{64} << 10;

// The file's content without trailing whitespace (the newline editors leave), or why it
// cannot be read (sdk::read_regular_file: a FIFO or device is refused without blocking,
// a file over max_token_file_bytes before it is read).
sdk::FileText read_token_file(const std::filesystem::path &file);

}  // namespace joinery::http
