// Help text fitted to 80 columns: words wrapped, a plugin's prose reflowed, its
// indented examples kept as written.
#include "keys/word_wrap.hpp"

#include <gtest/gtest.h>

namespace joinery::plugins {
namespace {

using Lines = std::vector<std::string>;

TEST(WrapWords, BreaksBetweenWordsWithinTheWidth) {
  EXPECT_EQ(wrap_words("one two three four", 9), (Lines{"one two", "three", "four"}));
  EXPECT_EQ(wrap_words("one two", 7), (Lines{"one two"})) << "exactly the width fits";
}

TEST(WrapWords, GivesALongerWordALineOfItsOwn) {
  EXPECT_EQ(wrap_words("a /a/very/long/path b", 5), (Lines{"a", "/a/very/long/path", "b"}));
}

TEST(WrapWords, IgnoresLineBreaksAndRunsOfSpaces) {
  EXPECT_EQ(wrap_words("  one\n  two   three ", 80), (Lines{"one two three"}));
  EXPECT_EQ(wrap_words("", 80), Lines{});
}

TEST(Reflow, WrapsAParagraphWithATooLongLineAnew) {
  EXPECT_EQ(reflow("one two three\nfour\n\nfive six\n", 9), "one two\nthree\nfour\n\nfive six\n");
}

TEST(Reflow, KeepsAParagraphThatFitsAsWritten) {
  const std::string toml = "backend = \"log\"\nrecord = \"/tmp/j\"\n";
  EXPECT_EQ(reflow(toml, 20), toml);
}

TEST(Reflow, KeepsIndentedLinesAsWritten) {
  const std::string text =
      "Reads a file.\n\n    provider=file path=/a/very/long/path/that/does/not/fit format=json\n";
  EXPECT_EQ(reflow(text, 20),
            "Reads a file.\n\n    provider=file path=/a/very/long/path/that/does/not/fit "
            "format=json\n");
}

TEST(Reflow, KeepsAMissingFinalLineBreakMissing) {
  EXPECT_EQ(reflow("one two three", 9), "one two\nthree");
}

}  // namespace
}  // namespace joinery::plugins
