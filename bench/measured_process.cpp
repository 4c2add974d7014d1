#include "measured_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char **environ;

namespace joinery::bench {
namespace {

std::chrono::nanoseconds of(const timeval &time) {
  return std::chrono::seconds(time.tv_sec) + std::chrono::microseconds(time.tv_usec);
}

int decode(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return -1;
}

}  // namespace

MeasuredProcess::MeasuredProcess(std::vector<std::string> argv,
                                 const std::filesystem::path &output) {
  std::vector<char *> args;
  for (std::string &arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  const std::string sink = output.empty() ? "/dev/null" : output.string();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, sink.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  started_ = std::chrono::steady_clock::now();
  const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));  // -1: waits poll instead
}

MeasuredProcess::~MeasuredProcess() {
  if (!usage_) {
    ::kill(pid_, SIGKILL);
    reap(0);
  }
  if (pidfd_ >= 0) ::close(pidfd_);
}

ProcessUsage MeasuredProcess::reap(int options) {
  int raw = 0;
  rusage usage{};
  pid_t got = 0;
  do {
    got = ::wait4(pid_, &raw, options, &usage);
  } while (got < 0 && errno == EINTR);
  if (got != pid_) return {};
  ProcessUsage out;
  out.status = decode(raw);
  out.started = started_;
  out.ended = std::chrono::steady_clock::now();
  out.wall = out.ended - out.started;
  out.cpu = of(usage.ru_utime) + of(usage.ru_stime);
  out.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  usage_ = out;
  return out;
}

std::optional<ProcessUsage> MeasuredProcess::wait(std::chrono::milliseconds timeout) {
  if (usage_) return usage_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (pidfd_ >= 0) {
      pollfd exited{pidfd_, POLLIN, 0};
      const int ready = ::poll(&exited, 1, static_cast<int>(std::max<long>(0, left.count())));
      if (ready > 0) return reap(0);
    } else if (reap(WNOHANG).status != -1 || usage_) {
      return usage_;
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
  }
}

ProcessUsage MeasuredProcess::kill() {
  if (usage_) return *usage_;
  ::kill(pid_, SIGKILL);
  return reap(0);
}

std::string read_text(const std::filesystem::path &output) {
  std::ifstream in(output);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ProcessUsage measure(std::vector<std::string> argv, std::chrono::milliseconds timeout,
                     const std::filesystem::path &output) {
  const std::string name = argv.front();
  MeasuredProcess process(std::move(argv), output);
  if (auto usage = process.wait(timeout)) return *usage;
  process.kill();
  throw std::runtime_error(name + " did not end within " + std::to_string(timeout.count()) + " ms");
}

}  // namespace joinery::bench
