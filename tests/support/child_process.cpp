#include "support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <joinery/posix/process_group.hpp>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/file_text.hpp"

extern char **environ;  // NOLINT: POSIX declares it nowhere else

namespace joinery::test {
namespace {

int decode(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv, Options options) {
  char dir_template[] = "/tmp/joinery-child-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  dir_ = dir_template;
  out_ = dir_ / "stdout";
  err_ = dir_ / "stderr";
  const std::filesystem::path in = dir_ / "stdin";
  std::ofstream(in) << options.stdin_text.value_or("");

  std::map<std::string, std::string> env;
  for (char **e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto &[key, value] : options.env) env[key] = value;
  std::vector<std::string> env_strings;
  for (const auto &[key, value] : env) env_strings.push_back(key + "=" + value);

  posix::SpawnRequest request;
  request.argv = std::move(argv);
  request.environment = std::move(env_strings);
  request.fds = {posix::ChildFd::opened(0, in, O_RDONLY),
                 posix::ChildFd::opened(1, out_, O_WRONLY | O_CREAT | O_TRUNC, 0600),
                 posix::ChildFd::opened(2, err_, O_WRONLY | O_CREAT | O_TRUNC, 0600)};
  // Its own process group, so a test's Ctrl-C does not reach it twice.
  if (const int error = posix::spawn_process_group(request, pid_); error != 0) {
    const std::string program = request.argv.empty() ? "(no program)" : request.argv.front();
    throw std::runtime_error("cannot start " + program + ": " + std::strerror(error));
  }
}

ChildProcess::~ChildProcess() {
  if (!status_) {
    ::kill(pid_, SIGKILL);
    posix::reap(pid_);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool ChildProcess::running() {
  if (status_) return false;
  if (const posix::ReapAttempt attempt = posix::try_reap(pid_);
      attempt.state == posix::ReapAttempt::State::reaped) {
    status_ = decode(attempt.status);
    return false;
  }
  return true;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return status_;
}

int ChildProcess::stop(int signal, std::chrono::milliseconds grace) {
  if (running()) {
    ::kill(pid_, signal);
    if (!wait(grace)) {
      ::kill(pid_, SIGKILL);
      status_ = decode(posix::reap(pid_));
    }
  }
  return *status_;
}

std::string ChildProcess::stdout_text() const {
  return file_text(out_);
}
std::string ChildProcess::stderr_text() const {
  return file_text(err_);
}

CommandResult run(std::vector<std::string> argv, std::chrono::milliseconds timeout,
                  ChildProcess::Options options) {
  ChildProcess child(std::move(argv), std::move(options));
  CommandResult result;
  if (auto status = child.wait(timeout)) {
    result.status = *status;
  } else {
    child.stop(SIGKILL);
  }
  result.out = child.stdout_text();
  result.err = child.stderr_text();
  return result;
}

}  // namespace joinery::test
