#include "keys/spelling.hpp"

#include <gtest/gtest.h>

namespace joinery::plugins {
namespace {

const std::vector<std::string> names = {"retry_join", "retry_join_wan", "retry_max", "server"};

TEST(Spelling, SuggestsNameOneTypoAway) {
  EXPECT_EQ(closest_name("retry_jion", names), "retry_join");  // swapped neighbours
  EXPECT_EQ(closest_name("retry-max", names), "retry_max");
  EXPECT_EQ(closest_name("sever", names), "server");
}

TEST(Spelling, PrefersTheClosestName) {
  EXPECT_EQ(closest_name("retry_join_wa", names), "retry_join_wan");
}

TEST(Spelling, SuggestsNothingForUnrelatedWords) {
  EXPECT_EQ(closest_name("bind_addr", names), std::nullopt);
  EXPECT_EQ(closest_name("srv", names), std::nullopt);
  EXPECT_EQ(did_you_mean("bind_addr", names), "");
}

TEST(Spelling, DidYouMeanQuotesTheName) {
  EXPECT_EQ(did_you_mean("servr", names), " (did you mean 'server'?)");
}

}  // namespace
}  // namespace joinery::plugins
