#include <joinery/posix/available_read.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace joinery::posix {

ReadEnd read_available(int fd, std::size_t limit,
                       const std::function<void(std::string_view chunk)> &take) {
  char buffer[16384];
  std::size_t read_so_far = 0;
  while (read_so_far < limit) {
    const ssize_t got = ::read(fd, buffer, std::min(sizeof buffer, limit - read_so_far));
    if (got > 0) {
      read_so_far += static_cast<std::size_t>(got);
      take(std::string_view(buffer, static_cast<std::size_t>(got)));
      continue;
    }
    if (got == 0) return ReadEnd::ended;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return ReadEnd::drained;
    return ReadEnd::failed;
  }
  return ReadEnd::drained;
}

}  // namespace joinery::posix
