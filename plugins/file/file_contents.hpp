// Reading an address file whole, with errors that name the file.
#pragma once

#include <cstddef>
#include <string>

namespace joinery::file {

// Larger files are refused: an address list is never this big, a wrong path may be.
inline constexpr std::size_t kMaxAddressFileSize = 64u << 20;

// The whole content of `path`. Throws sdk::Error naming the file: not_found when it
// does not exist, unavailable when it cannot be read (permissions, a directory, a FIFO
// or device: sdk::read_regular_file, so it never blocks; too large).
std::string read_file_contents(const std::string &path);

}  // namespace joinery::file
