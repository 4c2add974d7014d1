// Runs part of a test as an unprivileged user: root passes every permission check
// and trust rule, so what a non-root process sees has to be seen from one.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

namespace joinery::test {

// The user the body runs as (nobody on Debian).
inline constexpr uid_t unprivileged_uid = 65534;

// Runs `body` (returning a std::string) in a forked child as `unprivileged_uid` and
// returns what it returned; "pipe failed" or "" when the child could not run it.
template <class Body>
std::string as_unprivileged_user(Body body) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fds[0]);
    if (::geteuid() == 0 && (::setgid(unprivileged_uid) != 0 || ::setuid(unprivileged_uid) != 0)) {
      ::_exit(2);
    }
    const std::string out = body();
    [[maybe_unused]] const ssize_t n = ::write(pipe_fds[1], out.data(), out.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

}  // namespace joinery::test
