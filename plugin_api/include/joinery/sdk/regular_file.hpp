// Reading a file named by an operator (a configuration, a token, a certificate, an
// address list) without letting the name hold up the call or exhaust memory: the open
// never blocks (O_NONBLOCK: a FIFO with no writer, a tty), anything but a regular file
// is refused (a FIFO, /dev/zero, a socket), and at most a stated number of bytes is
// read, so that a huge or sparse file fails at once instead of being read whole.
// Shared by the host and plugins; POSIX.
//
//   const joinery::sdk::FileText token = joinery::sdk::read_regular_file(path, 64 << 10);
//   if (!token) throw Error(Status::unavailable, "bearer_token_file " + path + ": " + token.error);
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace joinery::sdk {

// A size as the messages say it: "1 GiB", "64 MiB", "64 KiB", "100 bytes".
inline std::string format_size(std::uintmax_t bytes) {
  if (bytes >= (std::uintmax_t{1} << 30) && bytes % (std::uintmax_t{1} << 30) == 0) {
    return std::to_string(bytes >> 30) + " GiB";
  }
  if (bytes >= (std::uintmax_t{1} << 20) && bytes % (std::uintmax_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// What a path is when it is not a regular file, for messages.
inline const char *file_type_name(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a file";
}

// An open regular file, closed with the object.
class RegularFile {
 public:
  // Opens `path` for reading without blocking and checks that it is a regular file.
  // On failure fd() is -1, error() says why ("No such file or directory", "not a
  // regular file (a FIFO)") and error_number() is the open's errno (ENOENT: missing;
  // EISDIR for a directory), or 0 when the file opened but is not regular.
  explicit RegularFile(const std::string &path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd_ < 0) {
      fail(errno);
      return;
    }
    if (::fstat(fd_, &info_) != 0) {
      fail(errno);
    } else if (S_ISDIR(info_.st_mode)) {
      fail(EISDIR);
    } else if (!S_ISREG(info_.st_mode)) {
      error_ = std::string("not a regular file (") + file_type_name(info_.st_mode) + ")";
      close();
    }
  }
  ~RegularFile() { close(); }
  RegularFile(const RegularFile &) = delete;
  RegularFile &operator=(const RegularFile &) = delete;

  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const struct stat &info() const { return info_; }
  [[nodiscard]] const std::string &error() const { return error_; }
  [[nodiscard]] int error_number() const { return error_number_; }

 private:
  void fail(int error) {
    error_number_ = error;
    error_ = std::strerror(error);
    close();
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int fd_ = -1;
  struct stat info_ {};
  std::string error_;
  int error_number_ = 0;
};

// A file's whole content, or why it could not be read.
struct FileText {
  std::string text;
  std::string error;     // empty when read; else why not, e.g. "larger than 64 KiB"
  int error_number = 0;  // the open's errno (ENOENT: missing), 0 for the other refusals

  explicit operator bool() const { return error.empty(); }
};

// The content of the regular file at `path`, at most `max_bytes` of it: a larger file
// is refused ("larger than 64 KiB") before anything is read when its size says so, and
// as soon as the read passes the limit when it grows (or reports no size, as /proc).
inline FileText read_regular_file(const std::string &path, std::size_t max_bytes) {
  FileText out;
  const RegularFile file(path);
  if (file.fd() < 0) {
    out.error = file.error();
    out.error_number = file.error_number();
    return out;
  }
  const auto too_large = [&] {
    out.text.clear();
    out.error = "larger than " + format_size(max_bytes);
  };
  const auto size = static_cast<std::size_t>(file.info().st_size);
  if (size > max_bytes) {
    too_large();
    return out;
  }
  out.text.resize(size < max_bytes ? size + 1 : max_bytes + 1);
  if (out.text.size() < 4096 && max_bytes >= 4096) out.text.resize(4096);
  std::size_t used = 0;
  for (;;) {
    if (used == out.text.size()) {
      if (used > max_bytes) {
        too_large();
        return out;
      }
      const std::size_t grown = out.text.size() * 2;
      out.text.resize(grown > max_bytes + 1 ? max_bytes + 1 : grown);
    }
    const ssize_t got = ::read(file.fd(), &out.text[used], out.text.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      out.error = std::strerror(errno);
      out.text.clear();
      return out;
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  if (used > max_bytes) {
    too_large();
    return out;
  }
  out.text.resize(used);
  return out;
}

}  // namespace joinery::sdk
