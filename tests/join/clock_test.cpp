// The clocks the joiners wait on: the real one wakes at once on any stop signal; the
// fake one moves time instead of sleeping, or waits for the test to move it.
#include "join/clock.hpp"
#include "support/fake_clock.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace joinery::join {
namespace {

using namespace std::chrono_literals;

TEST(SteadyClock, WaitEndsWhenAnyStopSignalFires) {
  SteadyClock clock;
  plugins::StopSource first;
  plugins::StopSource second;
  const plugins::StopSource *const stops[] = {&first, nullptr, &second};
  std::thread stopper([&] { second.request_stop(); });
  // An hour-long wait that only the stop can end (the test would time out otherwise).
  EXPECT_TRUE(clock.wait_until(clock.now() + 1h, stops));
  stopper.join();
}

TEST(SteadyClock, WaitRunsToItsDeadlineWithoutAStop) {
  SteadyClock clock;
  plugins::StopSource stop;
  const plugins::StopSource *const stops[] = {&stop};
  const auto deadline = clock.now() + 5ms;
  EXPECT_FALSE(clock.wait_until(deadline, stops));
  EXPECT_GE(clock.now(), deadline);
}

TEST(SteadyClock, StopRequestedBeforeTheWaitEndsItAtOnce) {
  SteadyClock clock;
  plugins::StopSource stop;
  stop.request_stop();
  const plugins::StopSource *const stops[] = {&stop};
  EXPECT_TRUE(clock.wait_until(clock.now() + 1h, stops));
}

TEST(FakeClock, InstantWaitMovesTimeToTheDeadline) {
  FakeClock clock;
  const auto start = clock.now();
  EXPECT_FALSE(clock.wait_until(start + 30s, {}));
  EXPECT_EQ(clock.now(), start + 30s);
  EXPECT_EQ(clock.waits(), std::vector<std::chrono::nanoseconds>{30s});
}

TEST(FakeClock, InstantWaitWithAStopRequestedDoesNotMoveTime) {
  FakeClock clock;
  plugins::StopSource stop;
  stop.request_stop();
  const plugins::StopSource *const stops[] = {&stop};
  const auto start = clock.now();
  EXPECT_TRUE(clock.wait_until(start + 30s, stops));
  EXPECT_EQ(clock.now(), start);
}

TEST(FakeClock, ManualWaitEndsOnlyWhenTimeReachesTheDeadline) {
  FakeClock clock(FakeClock::Mode::manual);
  const auto deadline = clock.now() + 30s;
  bool stopped = true;
  std::thread waiter([&] { stopped = clock.wait_until(deadline, {}); });
  ASSERT_TRUE(clock.wait_for_waiters(1, 10s));
  clock.advance(10s);
  EXPECT_TRUE(clock.wait_for_waiters(1, 0ms)) << "still waiting after 10 of 30 s";
  clock.advance(20s);
  waiter.join();
  EXPECT_FALSE(stopped);
  EXPECT_TRUE(clock.wait_for_waiters(0, 0ms));
}

TEST(FakeClock, ManualWaitEndsOnAStop) {
  FakeClock clock(FakeClock::Mode::manual);
  plugins::StopSource stop;
  const plugins::StopSource *const stops[] = {&stop};
  bool stopped = false;
  std::thread waiter([&] { stopped = clock.wait_until(clock.now() + 30s, stops); });
  ASSERT_TRUE(clock.wait_for_waiters(1, 10s));
  stop.request_stop();
  waiter.join();
  EXPECT_TRUE(stopped);
}

}  // namespace
}  // namespace joinery::join
