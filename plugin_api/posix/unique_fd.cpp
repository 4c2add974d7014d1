#include <joinery/posix/unique_fd.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace joinery::posix {

void UniqueFd::reset(int fd) noexcept {
  if (fd_ >= 0 && fd_ != fd) ::close(fd_);
  fd_ = fd;
}

int make_pipe(Pipe &pipe) noexcept {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno;
  pipe.read_end.reset(fds[0]);
  pipe.write_end.reset(fds[1]);
  return 0;
}

void set_nonblocking(int fd) noexcept {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace joinery::posix
