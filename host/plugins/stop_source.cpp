#include "plugins/stop_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace joinery::plugins {

StopSource::StopSource() {
  if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot create the stop pipe");
  }
}

StopSource::~StopSource() {
  ::close(pipe_[0]);
  ::close(pipe_[1]);
}

void StopSource::request_stop() noexcept {
  if (!stopped_.exchange(true)) {
    // One byte, never read: the read end stays readable for every poll() after this.
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(pipe_[1], &byte, 1);
  }
}

bool StopSource::stop_requested() const noexcept {
  return stopped_.load();
}

int StopSource::fd() const noexcept {
  return pipe_[0];
}

bool StopSource::wait_until(std::chrono::steady_clock::time_point deadline) const {
  while (!stop_requested()) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      return false;
    }
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    const timespec timeout{static_cast<time_t>(ns / 1000000000),
                           static_cast<long>(ns % 1000000000)};
    pollfd readable{pipe_[0], POLLIN, 0};
    ::ppoll(&readable, 1, &timeout, nullptr);  // EINTR and timeouts loop back to the checks
  }
  return true;
}

}  // namespace joinery::plugins
