// posix::spawn_process_group and its companions on real children: the child leads a
// group of its own, gets the descriptors, environment and signal dispositions asked
// for, and one signal to the group ends what it started too.
#include <joinery/posix/available_read.hpp>
#include <joinery/posix/process_group.hpp>
#include <joinery/posix/process_tree.hpp>
#include <joinery/posix/unique_fd.hpp>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using joinery::posix::ChildFd;
using joinery::posix::ReapAttempt;
using joinery::posix::SpawnRequest;

// Runs `script` with sh, its stdout into a pipe; returns the wait status and the output.
struct ShellRun {
  int status = -1;
  std::string out;
};
ShellRun run_shell(const std::string &script, SpawnRequest request = {}) {
  joinery::posix::Pipe out;
  EXPECT_EQ(joinery::posix::make_pipe(out), 0);
  request.argv = {"sh", "-c", script};
  request.fds.push_back(ChildFd::copy_of(STDOUT_FILENO, out.write_end.get()));
  pid_t pid = -1;
  EXPECT_EQ(joinery::posix::spawn_process_group(request, pid), 0);
  out.write_end.reset();
  ShellRun run;
  // Blocking reads: the pipe ends when the child (and all it started) closed it.
  while (joinery::posix::read_available(out.read_end.get(), 1 << 20, [&](std::string_view chunk) {
           run.out.append(chunk);
         }) == joinery::posix::ReadEnd::drained) {
  }
  run.status = joinery::posix::reap(pid);
  return run;
}

TEST(SpawnProcessGroup, TheChildLeadsAProcessGroupOfItsOwn) {
  const ShellRun run = run_shell("cut -d' ' -f5 /proc/$$/stat; echo $$");
  ASSERT_TRUE(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0) << run.status;
  const auto newline = run.out.find('\n');
  ASSERT_NE(newline, std::string::npos) << run.out;
  EXPECT_EQ(std::stol(run.out.substr(0, newline)), std::stol(run.out.substr(newline + 1)));
  EXPECT_NE(std::stol(run.out.substr(0, newline)), static_cast<long>(::getpgrp()));
}

TEST(SpawnProcessGroup, GivesTheChildTheEnvironmentAskedFor) {
  SpawnRequest request;
  request.environment = std::vector<std::string>{"JOINERY_POSIX_TEST=from the request"};
  EXPECT_EQ(run_shell("echo \"$JOINERY_POSIX_TEST\"", request).out, "from the request\n");
}

TEST(SpawnProcessGroup, OpensTheFilesAskedForAsTheChildsDescriptors) {
  char path[] = "/tmp/joinery-posix-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::ofstream(path) << "read from a file\n";
  SpawnRequest request;
  request.fds.push_back(ChildFd::opened(STDIN_FILENO, path, O_RDONLY));
  EXPECT_EQ(run_shell("cat", request).out, "read from a file\n");
  ::unlink(path);
}

TEST(SpawnProcessGroup, ClosesTheParentsOtherDescriptorsFromCloseFrom) {
  // Not close-on-exec: only close_from keeps it from the child.
  const int inherited = ::fcntl(STDERR_FILENO, F_DUPFD, 50);
  ASSERT_GE(inherited, 50);
  const std::string script =
      "test -e /proc/self/fd/" + std::to_string(inherited) + " && echo inherited || echo closed";
  EXPECT_EQ(run_shell(script).out, "inherited\n");
  SpawnRequest request;
  request.close_from = 3;
  EXPECT_EQ(run_shell(script, request).out, "closed\n");
  ::close(inherited);
}

TEST(SpawnProcessGroup, ResetsTheSignalsAskedForToTheirDefault) {
  // Ignored here, a signal stays ignored in the child across exec unless reset.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction previous {};
  ASSERT_EQ(::sigaction(SIGUSR1, &ignore, &previous), 0);
  const int ignored = run_shell("kill -USR1 $$; echo survived").status;
  SpawnRequest request;
  request.default_signals = joinery::posix::catchable_signals();
  const int reset = run_shell("kill -USR1 $$; echo survived", request).status;
  ::sigaction(SIGUSR1, &previous, nullptr);
  EXPECT_TRUE(WIFEXITED(ignored)) << ignored;
  ASSERT_TRUE(WIFSIGNALED(reset)) << reset;
  EXPECT_EQ(WTERMSIG(reset), SIGUSR1);
}

TEST(SpawnProcessGroup, SaysWhyAProgramCannotBeStarted) {
  SpawnRequest request;
  request.argv = {"/nonexistent/joinery-no-such-program"};
  pid_t pid = -1;
  EXPECT_EQ(joinery::posix::spawn_process_group(request, pid), ENOENT);
  request.argv.clear();
  EXPECT_EQ(joinery::posix::spawn_process_group(request, pid), EINVAL);
}

TEST(CatchableSignals, AreAllButKillAndStop) {
  const std::vector<int> signals = joinery::posix::catchable_signals();
  EXPECT_EQ(std::count(signals.begin(), signals.end(), SIGKILL), 0);
  EXPECT_EQ(std::count(signals.begin(), signals.end(), SIGSTOP), 0);
  EXPECT_EQ(std::count(signals.begin(), signals.end(), SIGTERM), 1);
  EXPECT_EQ(signals.size(), static_cast<std::size_t>(NSIG - 3));
}

// A shell that starts `sleep` in the background and reports its pid, then waits.
struct ShellWithGrandchild {
  pid_t shell = -1;
  pid_t grandchild = -1;
  ShellWithGrandchild() {
    joinery::posix::Pipe out;
    EXPECT_EQ(joinery::posix::make_pipe(out), 0);
    SpawnRequest request;
    request.argv = {"sh", "-c", "sleep 60 & echo $!; wait"};
    request.fds.push_back(ChildFd::copy_of(STDOUT_FILENO, out.write_end.get()));
    EXPECT_EQ(joinery::posix::spawn_process_group(request, shell), 0);
    out.write_end.reset();
    std::string line;
    char c = 0;
    while (::read(out.read_end.get(), &c, 1) == 1 && c != '\n') line += c;
    grandchild = static_cast<pid_t>(std::stol(line));
  }
};

TEST(SignalGroup, EndsWhatTheChildStartedToo) {
  // A subreaper for the test: the orphaned grandchild becomes this process's to reap.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  const ShellWithGrandchild started;
  EXPECT_EQ(joinery::posix::living_descendants(started.shell),
            std::vector<pid_t>{started.grandchild});
  joinery::posix::signal_group(started.shell, SIGKILL);
  const int shell = joinery::posix::reap(started.shell);
  const int grandchild = joinery::posix::reap(started.grandchild);
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  EXPECT_TRUE(WIFSIGNALED(shell) && WTERMSIG(shell) == SIGKILL) << shell;
  EXPECT_TRUE(WIFSIGNALED(grandchild) && WTERMSIG(grandchild) == SIGKILL) << grandchild;
}

TEST(Reap, ReportsThePeakResidentMemory) {
  SpawnRequest request;
  request.argv = {"true"};
  pid_t pid = -1;
  ASSERT_EQ(joinery::posix::spawn_process_group(request, pid), 0);
  rusage usage{};
  const int status = joinery::posix::reap(pid, &usage);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_GT(usage.ru_maxrss, 0);
}

TEST(TryReap, SaysRunningUntilTheChildEndsThenReapsIt) {
  joinery::posix::Pipe hold;
  ASSERT_EQ(joinery::posix::make_pipe(hold), 0);
  SpawnRequest request;
  request.argv = {"sh", "-c", "read line; exit 7"};
  request.fds.push_back(ChildFd::copy_of(STDIN_FILENO, hold.read_end.get()));
  pid_t pid = -1;
  ASSERT_EQ(joinery::posix::spawn_process_group(request, pid), 0);
  EXPECT_EQ(joinery::posix::try_reap(pid).state, ReapAttempt::State::running);
  EXPECT_FALSE(joinery::posix::has_ended(pid));
  hold.write_end.reset();  // end of file: `read` returns and the shell exits
  while (!joinery::posix::has_ended(pid)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // has_ended left it to be reaped.
  const ReapAttempt attempt = joinery::posix::try_reap(pid);
  ASSERT_EQ(attempt.state, ReapAttempt::State::reaped);
  EXPECT_TRUE(WIFEXITED(attempt.status) && WEXITSTATUS(attempt.status) == 7);
}

TEST(TryReap, SaysLostForAProcessThatIsNotAChild) {
  EXPECT_EQ(joinery::posix::try_reap(::getppid()).state, ReapAttempt::State::lost);
}

}  // namespace
