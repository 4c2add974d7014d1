// sdk/call.hpp's time: the deadline a plugin derives from remaining_ms, and sdk::wait,
// which ends ready, cancelled or timed out, and says which, on real pipes.
#include <joinery/sdk/call.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <utility>
#include <vector>

namespace {

using joinery::sdk::Call;
using joinery::sdk::CallBounds;
using joinery::sdk::WaitEnd;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Both ends of a pipe, closed at the end of the test.
struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    ::close(read_end);
    ::close(write_end);
  }
  Pipe(const Pipe &) = delete;
  Pipe &operator=(const Pipe &) = delete;
  void put() const { EXPECT_EQ(::write(write_end, "x", 1), 1); }
};

TEST(CallWait, IsReadyWhenTheDescriptorIsReadable) {
  const Pipe data;
  data.put();
  EXPECT_EQ(joinery::sdk::wait(data.read_end, POLLIN, {}), WaitEnd::ready);
}

TEST(CallWait, FillsInWhichOfSeveralDescriptorsIsReady) {
  const Pipe quiet;
  const Pipe busy;
  busy.put();
  pollfd fds[2] = {{quiet.read_end, POLLIN, 0}, {busy.read_end, POLLIN, 0}};
  EXPECT_EQ(joinery::sdk::wait(fds, 2, {}), WaitEnd::ready);
  EXPECT_EQ(fds[0].revents, 0);
  EXPECT_NE(fds[1].revents & POLLIN, 0);
}

TEST(CallWait, IsCancelledWhenTheCancelFdBecomesReadableEvenWithDataWaiting) {
  const Pipe data;
  const Pipe cancel;
  data.put();
  cancel.put();
  CallBounds bounds;
  bounds.cancel_fd = cancel.read_end;
  EXPECT_EQ(joinery::sdk::wait(data.read_end, POLLIN, bounds), WaitEnd::cancelled);
}

TEST(CallWait, NoticesCancellationWithoutACancelFdByPolling) {
  const Pipe quiet;
  std::atomic<int> asked{0};
  CallBounds bounds;
  bounds.cancelled = [&asked] { return ++asked > 3; };
  EXPECT_EQ(joinery::sdk::wait(quiet.read_end, POLLIN, bounds), WaitEnd::cancelled);
  EXPECT_GT(asked.load(), 3);
}

// Waits on a pipe nobody writes to, with the call's deadline and the wait's own limit
// that far from now; returns how the wait ended and whether the deadline had passed.
std::pair<WaitEnd, bool> wait_quietly(Clock::duration deadline_in, Clock::duration limit_in) {
  const Pipe quiet;
  CallBounds bounds;
  bounds.deadline = Clock::now() + deadline_in;
  const WaitEnd end = joinery::sdk::wait(quiet.read_end, POLLIN, bounds, Clock::now() + limit_in);
  return {end, bounds.expired()};
}

TEST(CallWait, TimesOutAtTheEarlierOfItsOwnLimitAndTheDeadline) {
  EXPECT_EQ(wait_quietly(1h, 20ms), std::make_pair(WaitEnd::timed_out, false));
  EXPECT_EQ(wait_quietly(20ms, 1h), std::make_pair(WaitEnd::timed_out, true));
}

TEST(CallWait, APassedDeadlineReadsAsTimedOutThoughTheHostAlsoSaysCancelled) {
  const Pipe data;
  data.put();
  CallBounds bounds;
  bounds.deadline = Clock::now() - 1ms;
  bounds.cancelled = [] { return true; };
  EXPECT_EQ(joinery::sdk::wait(data.read_end, POLLIN, bounds), WaitEnd::timed_out);
}

TEST(CallWait, LooksAtTheDescriptorOnceEvenWhenItsOwnLimitHasPassed) {
  const Pipe data;
  data.put();
  EXPECT_EQ(joinery::sdk::wait(data.read_end, POLLIN, {}, Clock::now() - 1s), WaitEnd::ready);
}

TEST(CallWait, WithoutADescriptorIsASleepThatCancellationCutsShort) {
  const Pipe cancel;
  CallBounds bounds;
  bounds.cancel_fd = cancel.read_end;
  EXPECT_EQ(joinery::sdk::wait(-1, POLLIN, bounds, Clock::now() + 10ms), WaitEnd::timed_out);
  cancel.put();
  EXPECT_EQ(joinery::sdk::wait(-1, POLLIN, bounds, Clock::now() + 1h), WaitEnd::cancelled);
}

TEST(CallWait, ReportsAPollFailure) {
  // A count past RLIMIT_NOFILE makes poll() fail with EINVAL.
  std::vector<pollfd> many(1 << 21, pollfd{-1, POLLIN, 0});
  EXPECT_EQ(joinery::sdk::wait(many.data(), many.size(), {}), WaitEnd::failed);
  EXPECT_EQ(errno, EINVAL);
}

// A host table whose call reports a fixed remaining time, cancellation and cancel fd.
struct FakeCallHost {
  static inline std::int64_t remaining = -1;
  static inline int cancelled = 0;
  static inline int cancel_fd = -1;
  joinery_host table{};
  FakeCallHost() {
    table.struct_size = sizeof(joinery_host);
    table.is_cancelled = [](const joinery_host *, const joinery_call *) { return cancelled; };
    table.remaining_ms = [](const joinery_host *, const joinery_call *) { return remaining; };
    table.cancel_fd = [](const joinery_host *, const joinery_call *) { return cancel_fd; };
  }
  [[nodiscard]] Call call() const { return Call(&table, nullptr); }
};

TEST(CallDeadline, IsNoneWhenTheCallHasNoDeadline) {
  const FakeCallHost host;
  FakeCallHost::remaining = -1;
  EXPECT_FALSE(host.call().deadline());
  EXPECT_FALSE(host.call().bounds().deadline);
}

TEST(CallDeadline, IsTheRemainingTimeLessTheMillisecondTheHostRoundedUp) {
  const FakeCallHost host;
  FakeCallHost::remaining = 1000;
  const Clock::time_point before = Clock::now();
  const auto deadline = host.call().deadline();
  const Clock::time_point after = Clock::now();
  ASSERT_TRUE(deadline);
  EXPECT_GE(*deadline, before + 999ms);
  EXPECT_LE(*deadline, after + 999ms);
}

TEST(CallDeadline, HasPassedWhenNoTimeRemains) {
  const FakeCallHost host;
  FakeCallHost::remaining = 0;
  EXPECT_TRUE(host.call().bounds().expired());
}

TEST(CallBoundsOfACall, CarryTheHostsCancelFdAndCancellation) {
  const FakeCallHost host;
  const Pipe cancel;
  FakeCallHost::remaining = -1;
  FakeCallHost::cancel_fd = cancel.read_end;
  FakeCallHost::cancelled = 0;
  const CallBounds bounds = host.call().bounds();
  EXPECT_EQ(bounds.cancel_fd, cancel.read_end);
  EXPECT_FALSE(bounds.stop_requested());
  FakeCallHost::cancelled = 1;
  EXPECT_TRUE(bounds.stop_requested());
  cancel.put();
  EXPECT_EQ(host.call().wait(-1, POLLIN), WaitEnd::cancelled);
  FakeCallHost::cancel_fd = -1;
  FakeCallHost::cancelled = 0;
}

}  // namespace
