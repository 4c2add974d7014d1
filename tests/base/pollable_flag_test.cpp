// PollableFlag: a raised flag stays raised and readable, and a wait on several flags
// and a deadline ends when a flag is raised (the earliest raised one named), or at the
// deadline, never before.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <optional>
#include <thread>

#include "base/pollable_flag.hpp"
#include "base/stop_source.hpp"

namespace {

using namespace std::chrono_literals;
using joinery::plugins::PollableFlag;
using joinery::plugins::StopSource;
using Clock = PollableFlag::Clock;

// Raises `flag` from another thread after a moment, noting first that it is about to,
// so that a wait can tell it did not end before the raise.
class DelayedRaise {
 public:
  explicit DelayedRaise(const std::function<void()> &raise)
      : thread_([this, raise] {
          std::this_thread::sleep_for(50ms);
          raising_ = true;
          raise();
        }) {}
  ~DelayedRaise() { thread_.join(); }
  [[nodiscard]] bool raising() const { return raising_.load(); }

 private:
  std::atomic<bool> raising_{false};
  std::thread thread_;
};

TEST(PollableFlag, WaitEndsWhenTheWorkSignalsItsEnd) {
  PollableFlag ended;
  StopSource stop;
  DelayedRaise raise([&] { ended.raise(); });
  const PollableFlag *const flags[] = {&ended, &stop.flag()};
  EXPECT_EQ(PollableFlag::wait_any(flags, Clock::now() + 1h), 0u);
  EXPECT_TRUE(raise.raising());  // it did not return before the raise
  EXPECT_FALSE(stop.stop_requested());
}

TEST(PollableFlag, WaitEndsOnAStop) {
  PollableFlag ended;
  StopSource stop;
  DelayedRaise raise([&] { stop.request_stop(); });
  const PollableFlag *const flags[] = {&ended, &stop.flag()};
  EXPECT_EQ(PollableFlag::wait_any(flags, std::nullopt), 1u);
  EXPECT_TRUE(raise.raising());
  EXPECT_FALSE(ended.raised());
}

TEST(PollableFlag, WaitEndsAtTheDeadlineAndNotBefore) {
  PollableFlag ended;
  const auto deadline = Clock::now() + 30ms;
  const PollableFlag *const flags[] = {&ended};
  EXPECT_EQ(PollableFlag::wait_any(flags, deadline), std::nullopt);
  EXPECT_GE(Clock::now(), deadline);
}

TEST(PollableFlag, StaysRaisedSoEveryLaterWaitEndsAtOnceEvenPastItsDeadline) {
  PollableFlag ended;
  EXPECT_FALSE(ended.raised());
  ended.raise();
  ended.raise();
  EXPECT_TRUE(ended.raised());
  const PollableFlag *const flags[] = {&ended};
  EXPECT_EQ(PollableFlag::wait_any(flags, Clock::now() - 1s), 0u);
  EXPECT_EQ(PollableFlag::wait_any(flags, std::nullopt), 0u);
}

TEST(PollableFlag, TheEarliestRaisedFlagIsNamedAndNullEntriesAreIgnored) {
  PollableFlag first;
  PollableFlag second;
  second.raise();
  const PollableFlag *const flags[] = {nullptr, &first, &second};
  EXPECT_EQ(PollableFlag::wait_any(flags, Clock::now() + 1h), 2u);
  first.raise();
  EXPECT_EQ(PollableFlag::wait_any(flags, Clock::now() + 1h), 1u);
}

}  // namespace
