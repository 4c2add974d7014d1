#include <joinery/posix/process_group.hpp>
#include <joinery/posix/unique_fd.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char **environ;  // NOLINT: POSIX declares it nowhere else

namespace joinery::posix {
namespace {

// NULL-terminated pointers into `strings`, as exec wants them.
std::vector<char *> pointers_to(std::vector<std::string> &strings) {
  std::vector<char *> pointers;
  pointers.reserve(strings.size() + 1);
  for (std::string &text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Releases posix_spawn's attribute and file-action objects however spawning ends.
struct SpawnObjects {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attributes{};
  SpawnObjects() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnObjects() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnObjects(const SpawnObjects &) = delete;
  SpawnObjects &operator=(const SpawnObjects &) = delete;
};

}  // namespace

std::vector<int> catchable_signals() {
  std::vector<int> signals;
  for (int signal = 1; signal < NSIG; ++signal) {
    if (signal != SIGKILL && signal != SIGSTOP) signals.push_back(signal);
  }
  return signals;
}

int spawn_process_group(const SpawnRequest &request, pid_t &pid) {
  if (request.argv.empty()) return EINVAL;
  SpawnObjects spawn;
  // Sources are copied to 10 and above first: a dup2 onto the target then always
  // clears close-on-exec (a dup2 of a descriptor onto itself would not).
  std::vector<UniqueFd> copies;
  for (const ChildFd &fd : request.fds) {
    if (fd.source >= 0) {
      copies.emplace_back(::fcntl(fd.source, F_DUPFD_CLOEXEC, 10));
      if (!copies.back().open()) return errno;
      posix_spawn_file_actions_adddup2(&spawn.actions, copies.back().get(), fd.target);
    } else {
      posix_spawn_file_actions_addopen(&spawn.actions, fd.target, fd.path.c_str(), fd.flags,
                                       fd.mode);
    }
  }
  if (request.close_from >= 0) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    posix_spawn_file_actions_addclosefrom_np(&spawn.actions, request.close_from);
#endif
  }
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&spawn.attributes, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int signal : request.default_signals) sigaddset(&defaults, signal);
  posix_spawnattr_setsigdefault(&spawn.attributes, &defaults);
  posix_spawnattr_setpgroup(&spawn.attributes, 0);
  posix_spawnattr_setflags(&spawn.attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_strings = request.argv;
  const std::vector<char *> argv = pointers_to(argv_strings);
  std::vector<std::string> env_strings;
  std::vector<char *> envp;
  if (request.environment) {
    env_strings = *request.environment;
    envp = pointers_to(env_strings);
  }
  char *const *env = request.environment ? envp.data() : environ;
  return request.search_path
             ? ::posix_spawnp(&pid, argv[0], &spawn.actions, &spawn.attributes, argv.data(), env)
             : ::posix_spawn(&pid, argv[0], &spawn.actions, &spawn.attributes, argv.data(), env);
}

void signal_group(pid_t leader, int signal) noexcept {
  if (leader > 0) ::kill(-leader, signal);
}

int reap(pid_t pid, rusage *usage) noexcept {
  int status = 0;
  rusage ignored{};
  while (::wait4(pid, &status, 0, usage != nullptr ? usage : &ignored) < 0 && errno == EINTR) {
  }
  return status;
}

ReapAttempt try_reap(pid_t pid) noexcept {
  ReapAttempt attempt;
  const pid_t waited = ::waitpid(pid, &attempt.status, WNOHANG);
  if (waited == pid) {
    attempt.state = ReapAttempt::State::reaped;
  } else if (waited < 0 && errno == ECHILD) {
    attempt.state = ReapAttempt::State::lost;
    attempt.status = 0;
  }
  return attempt;
}

bool has_ended(pid_t pid) noexcept {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

}  // namespace joinery::posix
