#include "support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/file_text.hpp"

extern char **environ;

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
  std::vector<char *> envp;
  for (auto &s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char *> args;
  for (auto &a : argv) args.push_back(a.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a test's Ctrl-C does not reach it twice.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  const int rc = posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
}

ChildProcess::~ChildProcess() {
  if (!status_) {
    ::kill(pid_, SIGKILL);
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool ChildProcess::running() {
  if (status_) return false;
  int raw = 0;
  if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
    status_ = decode(raw);
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
      int raw = 0;
      ::waitpid(pid_, &raw, 0);
      status_ = decode(raw);
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
