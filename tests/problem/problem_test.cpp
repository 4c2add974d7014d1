#include "problem/problem.hpp"

#include <gtest/gtest.h>

#include <string>

#include "problem/preparation_error.hpp"
#include "problem/result.hpp"

namespace joinery {
namespace {

TEST(Problem, TextNamesWhereThenWhatThenTheRemedy) {
  EXPECT_EQ((Problem{"is not a shared object", "/p/libx.so", "rebuild it"}).text(),
            "/p/libx.so: is not a shared object; rebuild it");
}

TEST(Problem, TextLeavesOutTheParts_ThatAreNotThere) {
  EXPECT_EQ(Problem{"retry_join is empty"}.text(), "retry_join is empty");
  EXPECT_EQ((Problem{"unknown key", "a.toml:3:1"}).text(), "a.toml:3:1: unknown key");
  EXPECT_EQ((Problem{"no backend", "", "set backend"}).text(), "no backend; set backend");
}

TEST(Problem, ReasonIsTheTextWithoutWhere) {
  EXPECT_EQ((Problem{"is not a shared object", "/p/libx.so", "rebuild it"}).reason(),
            "is not a shared object; rebuild it");
  EXPECT_EQ((Problem{"unknown key", "a.toml:3:1"}).reason(), "unknown key");
}

Result<int> half(int n) {
  if (n % 2 != 0) return failure({"is odd", std::to_string(n), "pass an even number"});
  return n / 2;
}

TEST(Result, CarriesTheValueOrTheProblemThatStoppedIt) {
  const Result<int> four = half(8);
  ASSERT_TRUE(four);
  EXPECT_EQ(*four, 4);
  const Result<int> none = half(3);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().text(), "3: is odd; pass an even number");
}

TEST(Result, OfVoidSaysOnlyWhetherItWorked) {
  const auto check = [](bool good) -> Result<> {
    if (!good) return failure({"is bad"});
    return {};
  };
  EXPECT_TRUE(check(true));
  EXPECT_EQ(check(false).error(), Problem{"is bad"});
}

TEST(PreparationError, ReportsTheWholeAndKeepsItsParts) {
  const PreparationError error("2 problems", {{"a"}, {"b"}}, true);
  EXPECT_STREQ(error.what(), "2 problems");
  ASSERT_EQ(error.problems().size(), 2U);
  EXPECT_EQ(error.problems()[1].what, "b");
  EXPECT_TRUE(error.missing_plugins_only());
}

}  // namespace
}  // namespace joinery
