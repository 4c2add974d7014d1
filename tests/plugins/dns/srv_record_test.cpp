#include "dns/srv_record.hpp"

#include <gtest/gtest.h>

#include <map>

namespace joinery::dns {
namespace {

std::vector<std::string> targets(const std::vector<SrvRecord> &records) {
  std::vector<std::string> out;
  for (const auto &record : records) out.push_back(record.target);
  return out;
}

TEST(SrvOrder, LowerPriorityComesFirst) {
  std::mt19937_64 random(1);
  const auto ordered = order_srv_records(
      {{"c", 1, 30, 100}, {"a", 1, 10, 1}, {"b", 1, 20, 1000}, {"a2", 1, 10, 0}}, random);
  ASSERT_EQ(ordered.size(), 4u);
  EXPECT_EQ(ordered[0].priority, 10);
  EXPECT_EQ(ordered[1].priority, 10);
  EXPECT_EQ(ordered[2].target, "b");
  EXPECT_EQ(ordered[3].target, "c");
}

TEST(SrvOrder, KeepsEveryRecord) {
  std::mt19937_64 random(2);
  const auto ordered =
      order_srv_records({{"a", 1, 0, 5}, {"b", 2, 0, 0}, {"c", 3, 0, 50}, {"d", 4, 0, 5}}, random);
  auto names = targets(ordered);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(SrvOrder, HeavierRecordsComeFirstInProportionToTheirWeight) {
  std::mt19937_64 random(3);
  std::map<std::string, int> first;
  for (int i = 0; i < 2000; ++i) {
    ++first[order_srv_records({{"light", 1, 0, 10}, {"heavy", 1, 0, 90}}, random)[0].target];
  }
  // Expected 1800 of 2000 (90 %); the seed makes this exact, the bounds make it honest.
  EXPECT_GT(first["heavy"], 1700);
  EXPECT_LT(first["heavy"], 1900);
}

TEST(SrvOrder, ZeroWeightRecordsKeepASmallChance) {
  std::mt19937_64 random(4);
  int zero_first = 0;
  for (int i = 0; i < 2000; ++i) {
    zero_first +=
        order_srv_records({{"w", 1, 0, 9}, {"zero", 1, 0, 0}}, random)[0].target == "zero";
  }
  // RFC 2782: zero weights come first when the random number is 0: 1 in 10 here.
  EXPECT_GT(zero_first, 100);
  EXPECT_LT(zero_first, 300);
}

TEST(SrvOrder, AllZeroWeightsKeepTheServersOrder) {
  std::mt19937_64 random(5);
  EXPECT_EQ(targets(order_srv_records({{"a", 1, 0, 0}, {"b", 1, 0, 0}, {"c", 1, 0, 0}}, random)),
            (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace joinery::dns
