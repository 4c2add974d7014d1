// sdk::deadline_after: start + timeout for every timeout a duration can hold.
#include <gtest/gtest.h>
#include <joinery/sdk/deadline.hpp>

#include <chrono>

namespace joinery::sdk {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

const TimePoint start = TimePoint() + 1000h;

TEST(DeadlineAfter, AnOrdinaryTimeoutIsAddedAsItIs) {
  EXPECT_EQ(deadline_after(start, 5s), start + 5s);
  EXPECT_EQ(deadline_after(start, 0s), start);
}

TEST(DeadlineAfter, TheLongestDurationAcceptedIsCappedNotWrapped) {
  // 2562047h is the longest whole-hour duration in nanoseconds; start + it overflowed.
  EXPECT_EQ(deadline_after(start, 2562047h), start + longest_wait);
  EXPECT_EQ(deadline_after(start, std::chrono::nanoseconds::max()), start + longest_wait);
}

TEST(DeadlineAfter, ACoarseUnitIsCappedBeforeItIsConverted) {
  // Milliseconds from a runner's remaining_ms: converting the maximum to nanoseconds overflows.
  EXPECT_EQ(deadline_after(start, std::chrono::milliseconds::max()), start + longest_wait);
  EXPECT_EQ(deadline_after(start, std::chrono::hours::max()), start + longest_wait);
}

TEST(DeadlineAfter, SaturatesAtTheEndOfTime) {
  EXPECT_EQ(deadline_after(TimePoint::max() - 1s, 1h), TimePoint::max());
  EXPECT_EQ(deadline_after(TimePoint::max(), 1ns), TimePoint::max());
  EXPECT_EQ(deadline_after(TimePoint::min() + 1s, -1h), TimePoint::min());
}

TEST(DeadlineAfter, ADeadlineLeavesRoomForAGraceAfterIt) {
  // bounded_call adds a grace to a deadline, a plugin adds the remaining time to its own now.
  const TimePoint far = deadline_after(start, std::chrono::nanoseconds::max());
  EXPECT_EQ(deadline_after(far, 2s), far + 2s);
  EXPECT_LT(deadline_after(far, far - start), TimePoint::max());
}

}  // namespace
}  // namespace joinery::sdk
