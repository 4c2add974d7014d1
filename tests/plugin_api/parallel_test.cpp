// sdk::run_in_parallel: every item runs, outcomes keep the items' order, errors stay with
// their item, and no more than `width` items run at once.
#include <joinery/sdk/parallel.hpp>

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>

namespace {

using joinery::sdk::run_in_parallel;
using joinery::sdk::values_or_throw;

TEST(RunInParallel, OutcomesAreInTheOrderOfTheItems) {
  const std::vector<int> items = {5, 1, 4, 2, 3};
  const auto squares =
      values_or_throw(run_in_parallel(items, 3, [](int item) { return item * item; }));
  EXPECT_EQ(squares, (std::vector<int>{25, 1, 16, 4, 9}));
}

TEST(RunInParallel, AnErrorStaysWithItsItemAndTheOthersStillRun) {
  const std::vector<std::string> regions = {"eu-west-1", "nowhere-1", "us-east-1"};
  const auto outcomes = run_in_parallel(regions, 3, [](const std::string &region) {
    if (region == "nowhere-1") throw std::runtime_error("unknown region " + region);
    return region.size();
  });
  ASSERT_EQ(outcomes.size(), 3U);
  EXPECT_TRUE(outcomes[0].ok());
  EXPECT_FALSE(outcomes[1].ok());
  EXPECT_TRUE(outcomes[2].ok());
  EXPECT_EQ(*outcomes[2].value, 9U);
  try {
    (void)values_or_throw(outcomes);
    FAIL() << "values_or_throw did not rethrow";
  } catch (const std::runtime_error &error) {
    EXPECT_STREQ(error.what(), "unknown region nowhere-1");
  }
}

TEST(RunInParallel, ItemsRunAtTheSameTimeUpToTheWidth) {
  // Four items that each wait until two are running: they finish only if two run at
  // once, and the count shows never more than two.
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
  int most = 0;
  const std::vector<int> items = {1, 2, 3, 4};
  (void)run_in_parallel(items, 2, [&](int item) {
    std::unique_lock lock(mutex);
    most = std::max(most, ++running);
    changed.notify_all();
    changed.wait(lock, [&] { return most >= 2; });
    --running;
    return item;
  });
  EXPECT_EQ(most, 2);
}

TEST(RunInParallel, NoItemsIsNoWork) {
  const std::vector<int> none;
  EXPECT_TRUE(run_in_parallel(none, 4, [](int item) { return item; }).empty());
}

}  // namespace
