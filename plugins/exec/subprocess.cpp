#include "subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <joinery/sdk/deadline.hpp>

#include <joinery/sdk/status.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>

extern char **environ;

namespace joinery::exec {
namespace {

// How long output is still read after the command exited while something it
// started keeps the pipes open; then joinery stops listening.
constexpr std::chrono::milliseconds linger_after_exit{200};
// Without a pidfd the child's exit is polled.
constexpr std::chrono::milliseconds poll_slice{20};
// A line longer than this is handed on in pieces.
constexpr std::size_t max_line = 64 * 1024;

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd &&other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd &operator=(Fd &&other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool open() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Splits one stream into lines for the handler, keeping what the result needs.
class StreamReader {
 public:
  StreamReader(OutputStream stream, const LineHandler &on_line, SubprocessResult &result)
      : stream_(stream), on_line_(on_line), result_(result) {}

  void take(std::string_view data) {
    if (stream_ == OutputStream::out) {
      const std::size_t room = stdout_limit - std::min(stdout_limit, result_.out.size());
      result_.out.append(data.substr(0, room));
      result_.out_truncated = result_.out_truncated || data.size() > room;
    }
    partial_.append(data);
    std::size_t start = 0;
    for (std::size_t newline; (newline = partial_.find('\n', start)) != std::string::npos;
         start = newline + 1) {
      line(std::string_view(partial_).substr(start, newline - start));
    }
    partial_.erase(0, start);
    if (partial_.size() > max_line) {
      line(partial_);
      partial_.clear();
    }
  }

  void finish() {
    if (!partial_.empty()) line(partial_);
    partial_.clear();
  }

 private:
  void line(std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    tail_.emplace_back(text);
    if (tail_.size() > tail_lines) tail_.pop_front();
    (stream_ == OutputStream::err ? result_.err_tail : result_.out_tail)
        .assign(tail_.begin(), tail_.end());
    if (on_line_) on_line_(stream_, text);
  }

  OutputStream stream_;
  const LineHandler &on_line_;
  SubprocessResult &result_;
  std::string partial_;
  std::deque<std::string> tail_;
};

std::vector<std::string> child_environment(const SubprocessRequest &request) {
  std::vector<std::string> env;
  for (char **entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    const std::string_view key = text.substr(0, text.find('='));
    const bool replaced = std::any_of(request.env.begin(), request.env.end(),
                                      [&](const auto &kv) { return kv.first == key; });
    if (!replaced) env.emplace_back(text);
  }
  for (const auto &[key, value] : request.env) env.push_back(key + "=" + value);
  return env;
}

// Starts the child in its own process group with default signal handling and an
// empty signal mask (the host may block signals in its threads), stdin from
// /dev/null and no descriptors but 0, 1, 2.
pid_t spawn(const SubprocessRequest &request, int out_fd, int err_fd) {
  std::vector<std::string> env_strings = child_environment(request);
  std::vector<char *> envp;
  for (std::string &entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings = request.argv;
  std::vector<char *> argv;
  for (std::string &word : argv_strings) argv.push_back(word.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t all_catchable;
  sigemptyset(&all_catchable);
  for (int signal = 1; signal < NSIG; ++signal) {
    if (signal != SIGKILL && signal != SIGSTOP) sigaddset(&all_catchable, signal);
  }
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all_catchable);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw sdk::Error(sdk::Status::unavailable,
                     "cannot run " + request.argv.front() + ": " + std::strerror(rc));
  }
  return pid;
}

Fd open_pidfd([[maybe_unused]] pid_t pid) {
#ifdef SYS_pidfd_open
  return Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
#else
  return Fd();
#endif
}

void decode_status(int raw, SubprocessResult &result) {
  if (WIFSIGNALED(raw)) {
    result.end = SubprocessResult::End::signalled;
    result.code = WTERMSIG(raw);
  } else {
    result.end = SubprocessResult::End::exited;
    result.code = WEXITSTATUS(raw);
  }
}

}  // namespace

SubprocessResult run_subprocess(const SubprocessRequest &request, const sdk::CallBounds &bounds,
                                const LineHandler &on_line) {
  if (request.argv.empty()) {
    throw sdk::Error(sdk::Status::invalid_config, "command: no program given");
  }
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    throw sdk::Error(sdk::Status::internal, std::string("pipe: ") + std::strerror(errno));
  }
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw sdk::Error(sdk::Status::internal, std::string("pipe: ") + std::strerror(errno));
  }
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  const Clock::time_point started = Clock::now();
  const pid_t pid = spawn(request, out_write.get(), err_write.get());
  out_write.reset();
  err_write.reset();
  ::fcntl(out_read.get(), F_SETFL, O_NONBLOCK);
  ::fcntl(err_read.get(), F_SETFL, O_NONBLOCK);
  const Fd pidfd = open_pidfd(pid);

  SubprocessResult result;
  StreamReader out_reader(OutputStream::out, on_line, result);
  StreamReader err_reader(OutputStream::err, on_line, result);
  bool reaped = false;
  Clock::time_point exited_at{};
  const Clock::time_point timeout_at = sdk::deadline_after(started, request.timeout);

  auto kill_group = [&](SubprocessResult::End why) {
    ::kill(-pid, SIGKILL);
    if (!reaped) {
      int raw = 0;
      while (::waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
      }
    }
    out_reader.finish();
    err_reader.finish();
    result.end = why;
    result.code = SIGKILL;
    return result;
  };
  auto drain = [](Fd &fd, StreamReader &reader) {
    char buffer[16384];
    for (;;) {
      const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
      if (got > 0) {
        reader.take(std::string_view(buffer, static_cast<std::size_t>(got)));
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      reader.finish();  // end of file or a read error: the stream is over
      fd.reset();
      return;
    }
  };

  for (;;) {
    if (!reaped) {
      int raw = 0;
      const pid_t waited = ::waitpid(pid, &raw, WNOHANG);
      // ECHILD: reaped elsewhere (the host ignores SIGCHLD), its status is lost.
      const bool lost = waited < 0 && errno == ECHILD;
      if (waited == pid) {
        decode_status(raw, result);
      } else if (lost) {
        result.code = -1;
      }
      if (waited == pid || lost) {
        reaped = true;
        exited_at = Clock::now();
      }
    }
    if (reaped && !out_read.open() && !err_read.open()) {
      return result;
    }
    const Clock::time_point now = Clock::now();
    if (bounds.expired(now)) {
      return kill_group(SubprocessResult::End::call_deadline);
    }
    if (now >= timeout_at) {
      return kill_group(SubprocessResult::End::timed_out);
    }
    if (reaped && now >= exited_at + linger_after_exit) {
      // Something the command started holds its output open; stop listening.
      out_reader.finish();
      err_reader.finish();
      return result;
    }

    Clock::time_point until = timeout_at;
    if (reaped) until = std::min(until, exited_at + linger_after_exit);
    if (!reaped && !pidfd.open()) until = std::min(until, now + poll_slice);
    pollfd fds[3];
    nfds_t count = 0;
    auto watch = [&](int fd) {
      fds[count] = {fd, POLLIN, 0};
      return static_cast<int>(count++);
    };
    const int out_at = out_read.open() ? watch(out_read.get()) : -1;
    const int err_at = err_read.open() ? watch(err_read.get()) : -1;
    if (!reaped && pidfd.open()) watch(pidfd.get());
    switch (sdk::wait(fds, count, bounds, until)) {
      case sdk::WaitEnd::failed: {
        const int error = errno;
        kill_group(SubprocessResult::End::cancelled);
        throw sdk::Error(sdk::Status::internal, std::string("poll: ") + std::strerror(error));
      }
      case sdk::WaitEnd::cancelled:
        return kill_group(SubprocessResult::End::cancelled);
      case sdk::WaitEnd::timed_out:  // the loop's head says which time passed
        break;
      case sdk::WaitEnd::ready:
        if (out_at >= 0 && fds[out_at].revents != 0) drain(out_read, out_reader);
        if (err_at >= 0 && fds[err_at].revents != 0) drain(err_read, err_reader);
        break;
    }
  }
}

}  // namespace joinery::exec
