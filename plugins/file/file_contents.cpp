#include "file/file_contents.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <joinery/sdk/status.hpp>

#include <cerrno>
#include <cstring>

namespace joinery::file {
namespace {

[[noreturn]] void cannot_read(const std::string &path, int error) {
  throw sdk::Error(error == ENOENT ? sdk::Status::not_found : sdk::Status::unavailable,
                   "cannot read address file " + path + ": " + std::strerror(error));
}

// Closes the descriptor however the read ends.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_file_contents(const std::string &path) {
  const FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) cannot_read(path, errno);
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) cannot_read(path, errno);
  if (S_ISDIR(info.st_mode)) cannot_read(path, EISDIR);
  if (S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) > kMaxAddressFileSize) {
    throw sdk::Error(sdk::Status::unavailable,
                     "cannot read address file " + path + ": larger than " +
                         std::to_string(kMaxAddressFileSize >> 20) + " MiB");
  }
  std::string text;
  text.resize(S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size) + 1 : 4096);
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (text.size() > kMaxAddressFileSize) {
        throw sdk::Error(sdk::Status::unavailable,
                         "cannot read address file " + path + ": larger than " +
                             std::to_string(kMaxAddressFileSize >> 20) + " MiB");
      }
      text.resize(text.size() * 2);
    }
    const ssize_t got = ::read(file.fd, text.data() + used, text.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      cannot_read(path, errno);
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  text.resize(used);
  return text;
}

}  // namespace joinery::file
