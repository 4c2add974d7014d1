#include "subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <joinery/posix/available_read.hpp>
#include <joinery/posix/process_group.hpp>
#include <joinery/posix/unique_fd.hpp>
#include <joinery/sdk/deadline.hpp>
#include <joinery/sdk/status.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>

extern char **environ;  // NOLINT: POSIX declares it nowhere else

namespace joinery::exec {
namespace {

// How long output is still read after the command exited while something it
// started keeps the pipes open; then joinery stops listening.
constexpr std::chrono::milliseconds linger_after_exit{200};
// Without a pidfd the child's exit is polled.
constexpr std::chrono::milliseconds poll_slice{20};
// A line longer than this is handed on in pieces.
constexpr std::size_t max_line = 64 * 1024;

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
  posix::SpawnRequest spawn;
  spawn.argv = request.argv;
  spawn.environment = child_environment(request);
  spawn.fds = {posix::ChildFd::opened(0, "/dev/null", O_RDONLY), posix::ChildFd::copy_of(1, out_fd),
               posix::ChildFd::copy_of(2, err_fd)};
  spawn.close_from = 3;
  spawn.default_signals = posix::catchable_signals();
  pid_t pid = -1;
  if (const int error = posix::spawn_process_group(spawn, pid); error != 0) {
    throw sdk::Error(sdk::Status::unavailable,
                     "cannot run " + request.argv.front() + ": " + std::strerror(error));
  }
  return pid;
}

posix::UniqueFd open_pidfd([[maybe_unused]] pid_t pid) {
#ifdef SYS_pidfd_open
  return posix::UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
#else
  return posix::UniqueFd();
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
  posix::Pipe out_pipe;
  posix::Pipe err_pipe;
  for (posix::Pipe *pipe : {&out_pipe, &err_pipe}) {
    if (const int error = posix::make_pipe(*pipe); error != 0) {
      throw sdk::Error(sdk::Status::internal, std::string("pipe: ") + std::strerror(error));
    }
  }
  posix::UniqueFd &out_read = out_pipe.read_end;
  posix::UniqueFd &err_read = err_pipe.read_end;

  const Clock::time_point started = Clock::now();
  const pid_t pid = spawn(request, out_pipe.write_end.get(), err_pipe.write_end.get());
  out_pipe.write_end.reset();
  err_pipe.write_end.reset();
  posix::set_nonblocking(out_read.get());
  posix::set_nonblocking(err_read.get());
  const posix::UniqueFd pidfd = open_pidfd(pid);

  SubprocessResult result;
  StreamReader out_reader(OutputStream::out, on_line, result);
  StreamReader err_reader(OutputStream::err, on_line, result);
  bool reaped = false;
  Clock::time_point exited_at{};
  const Clock::time_point timeout_at = sdk::deadline_after(started, request.timeout);

  auto kill_group = [&](SubprocessResult::End why) {
    posix::signal_group(pid, SIGKILL);
    if (!reaped) posix::reap(pid);
    out_reader.finish();
    err_reader.finish();
    result.end = why;
    result.code = SIGKILL;
    return result;
  };
  auto drain = [](posix::UniqueFd &fd, StreamReader &reader) {
    const posix::ReadEnd end = posix::read_available(
        fd.get(), SIZE_MAX, [&](std::string_view data) { reader.take(data); });
    if (end != posix::ReadEnd::drained) {
      reader.finish();  // end of file or a read error: the stream is over
      fd.reset();
    }
  };

  for (;;) {
    if (!reaped) {
      const posix::ReapAttempt attempt = posix::try_reap(pid);
      if (attempt.state == posix::ReapAttempt::State::reaped) {
        decode_status(attempt.status, result);
      } else if (attempt.state == posix::ReapAttempt::State::lost) {
        result.code = -1;  // reaped elsewhere (the host ignores SIGCHLD): its status is lost
      }
      if (attempt.state != posix::ReapAttempt::State::running) {
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
