// Running real commands the way the exec backend and provider do.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>
#include <joinery/sdk/status.hpp>

#include <fstream>
#include <thread>

#include "command_failure.hpp"
#include "subprocess.hpp"

namespace joinery::exec {
namespace {

using namespace std::chrono_literals;
using End = SubprocessResult::End;

SubprocessResult run(std::vector<std::string> argv, std::chrono::milliseconds timeout = 5s,
                     const sdk::CallBounds &bounds = {}, const LineHandler &on_line = {}) {
  SubprocessRequest request;
  request.argv = std::move(argv);
  request.timeout = timeout;
  return run_subprocess(request, bounds, on_line);
}

// True once `pid` is gone or a zombie nobody reaped yet: it runs no more.
bool process_ended(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  if (!(stat >> pid_field >> name >> state)) return true;
  return state == "Z" || state == "X";
}

TEST(Subprocess, CapturesStdoutAndTheExitStatus) {
  const SubprocessResult result = run({"sh", "-c", "echo 10.0.0.1 10.0.0.2; echo '[::1]:7946'"});
  EXPECT_TRUE(result.succeeded());
  EXPECT_EQ(result.out, "10.0.0.1 10.0.0.2\n[::1]:7946\n");
}

TEST(Subprocess, HandsOnEveryLineAndKeepsTheLastStderrLines) {
  std::vector<std::string> err_lines, out_lines;
  const SubprocessResult result =
      run({"sh", "-c",
           "echo out1; for i in 1 2 3 4 5 6 7; do echo err$i >&2; done; printf tail >&2; exit 3"},
          5s, {}, [&](OutputStream stream, std::string_view line) {
            (stream == OutputStream::err ? err_lines : out_lines).emplace_back(line);
          });
  EXPECT_EQ(result.end, End::exited);
  EXPECT_EQ(result.code, 3);
  EXPECT_EQ(out_lines, std::vector<std::string>{"out1"});
  EXPECT_EQ(err_lines.size(), 8u);
  EXPECT_EQ(result.err_tail, (std::vector<std::string>{"err4", "err5", "err6", "err7", "tail"}));
}

TEST(Subprocess, PassesArgumentsUnsplitAndWithoutAShell) {
  const SubprocessResult result = run({"printf", "%s|", "a b", "$HOME", "*", "'q'"});
  EXPECT_EQ(result.out, "a b|$HOME|*|'q'|");
}

TEST(Subprocess, AddsToTheEnvironment) {
  SubprocessRequest request;
  request.argv = {"sh", "-c", "echo \"$JOINERY_ADDRS|$PATH\""};
  request.env = {{"JOINERY_ADDRS", "10.0.0.1 [::1]:7946"}};
  const SubprocessResult result = run_subprocess(request, {});
  EXPECT_EQ(result.out, "10.0.0.1 [::1]:7946|" + std::string(std::getenv("PATH")) + "\n");
}

TEST(Subprocess, HandsTheChildNoDescriptorsButTheStandardThree) {
  const SubprocessResult result = run({"sh", "-c", "ls /proc/$$/fd"});
  EXPECT_EQ(result.out, "0\n1\n2\n");
}

TEST(Subprocess, ResetsTheSignalMaskTheHostThreadBlocks) {
  sigset_t term, old;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, &old);
  const SubprocessResult result = run({"sh", "-c", "kill -TERM $$; sleep 5"});
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  EXPECT_EQ(result.end, End::signalled);
  EXPECT_EQ(result.code, SIGTERM);
}

TEST(Subprocess, KillsTheWholeProcessGroupAtTheTimeout) {
  std::string background;
  const SubprocessResult result =
      run({"sh", "-c", "sleep 30 & echo $!; wait"}, 300ms, {},
          [&](OutputStream, std::string_view line) { background = std::string(line); });
  EXPECT_EQ(result.end, End::timed_out);
  ASSERT_FALSE(background.empty());
  const pid_t pid = std::stoi(background);
  for (int i = 0; i < 100 && !process_ended(pid); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(process_ended(pid)) << "the command's background child survived";
}

TEST(Subprocess, StopsWhenTheHostCancels) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    ASSERT_EQ(::write(pipe_fds[1], "x", 1), 1);
  });
  sdk::CallBounds bounds;
  bounds.cancel_fd = pipe_fds[0];
  const SubprocessResult result = run({"sleep", "30"}, 30s, bounds);
  canceller.join();
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  EXPECT_EQ(result.end, End::cancelled);
}

TEST(Subprocess, StopsAtTheCallsDeadline) {
  sdk::CallBounds bounds;
  bounds.deadline = Clock::now() + 150ms;
  EXPECT_EQ(run({"sleep", "30"}, 30s, bounds).end, End::call_deadline);
}

TEST(Subprocess, ReturnsSoonAfterTheCommandExitsEvenIfItsOutputStaysOpen) {
  const SubprocessResult result = run({"sh", "-c", "echo found; sleep 2 & exit 0"}, 10s);
  EXPECT_TRUE(result.succeeded());
  EXPECT_EQ(result.out, "found\n");
}

TEST(Subprocess, SaysWhichProgramCannotBeStarted) {
  try {
    run({"/nonexistent/peers"});
    FAIL() << "no error";
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::unavailable);
    EXPECT_STREQ(error.what(), "cannot run /nonexistent/peers: No such file or directory");
  }
}

std::string failure_of(const SubprocessResult &result, const std::vector<std::string> &argv,
                       sdk::Status expected) {
  try {
    throw_unless_succeeded(result, argv, 2s);
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), expected);
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(CommandFailure, NamesTheCommandTheExitStatusAndStderrsLastLines) {
  const std::vector<std::string> argv = {"sh", "-c",
                                         "echo nope >&2; echo 'really nope' >&2; exit 2"};
  EXPECT_EQ(failure_of(run(argv), argv, sdk::Status::unavailable),
            "command `sh -c \"echo nope >&2; echo 'really nope' >&2; exit 2\"` exited with status "
            "2; stderr: nope\nreally nope");
}

TEST(CommandFailure, ShowsStdoutWhenStderrIsEmpty) {
  const std::vector<std::string> argv = {"sh", "-c", "echo Error connecting to agent; exit 1"};
  EXPECT_EQ(failure_of(run(argv), argv, sdk::Status::unavailable),
            "command `sh -c \"echo Error connecting to agent; exit 1\"` exited with status 1; "
            "stdout: Error connecting to agent");
}

TEST(CommandFailure, SaysTheTimeoutKilledIt) {
  const std::vector<std::string> argv = {"sleep", "30"};
  EXPECT_EQ(failure_of(run(argv, 100ms), argv, sdk::Status::unavailable),
            "command `sleep 30` did not finish within 2s (timeout) and was killed");
}

TEST(CommandFailure, IsCancelledWhenTheHostsDeadlineKilledIt) {
  sdk::CallBounds bounds;
  bounds.deadline = Clock::now() + 50ms;
  const std::vector<std::string> argv = {"sleep", "30"};
  EXPECT_EQ(failure_of(run(argv, 30s, bounds), argv, sdk::Status::cancelled),
            "command `sleep 30` was killed: the attempt's deadline passed");
}

TEST(CommandFailure, AcceptsExitZero) {
  EXPECT_NO_THROW(throw_unless_succeeded(run({"true"}), {"true"}, 1s));
}

}  // namespace
}  // namespace joinery::exec
