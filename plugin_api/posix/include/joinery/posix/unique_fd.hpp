// A file descriptor with one owner: closed when the owner goes, handed on by moving.
#pragma once

#include <utility>

namespace joinery::posix {

class UniqueFd {
 public:
  UniqueFd() noexcept = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd &&other) noexcept : fd_(other.release()) {}
  UniqueFd &operator=(UniqueFd &&other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd &) = delete;
  UniqueFd &operator=(const UniqueFd &) = delete;

  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool open() const noexcept { return fd_ >= 0; }
  // Gives the descriptor up without closing it.
  [[nodiscard]] int release() noexcept { return std::exchange(fd_, -1); }
  // Closes the descriptor held (if any) and holds `fd` instead.
  void reset(int fd = -1) noexcept;

 private:
  int fd_ = -1;
};

// Both ends of a pipe, close-on-exec.
struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

// Makes a pipe (pipe2 with O_CLOEXEC); 0, or the errno of the failure.
[[nodiscard]] int make_pipe(Pipe &pipe) noexcept;

// Sets O_NONBLOCK on `fd`, keeping its other status flags.
void set_nonblocking(int fd) noexcept;

}  // namespace joinery::posix
