// host_network and the port annotation accept what Go's strconv accepts.
#include "go_strconv.hpp"

#include <gtest/gtest.h>

namespace {

using joinery::k8s::parse_go_bool;
using joinery::k8s::parse_go_int;

TEST(GoStrconv, ParseBoolAcceptsGoSpellings) {
  for (const char *yes : {"1", "t", "T", "TRUE", "true", "True"}) {
    EXPECT_EQ(parse_go_bool(yes), true) << yes;
  }
  for (const char *no : {"0", "f", "F", "FALSE", "false", "False"}) {
    EXPECT_EQ(parse_go_bool(no), false) << no;
  }
  for (const char *bad : {"", "yes", "tRUE", "2"}) {
    EXPECT_FALSE(parse_go_bool(bad)) << bad;
  }
}

TEST(GoStrconv, ParseIntReadsBasePrefixesLikeGo) {
  EXPECT_EQ(parse_go_int("8301", 32).value, 8301);
  EXPECT_EQ(parse_go_int("0x206d", 32).value, 8301);
  EXPECT_EQ(parse_go_int("0X206D", 32).value, 8301);
  EXPECT_EQ(parse_go_int("0o20155", 32).value, 8301);
  EXPECT_EQ(parse_go_int("020155", 32).value, 8301);  // a leading 0 is octal
  EXPECT_EQ(parse_go_int("0b10000001101101", 32).value, 8301);
  EXPECT_EQ(parse_go_int("8_301", 32).value, 8301);
  EXPECT_EQ(parse_go_int("-1", 32).value, -1);
  EXPECT_EQ(parse_go_int("+7", 32).value, 7);
  EXPECT_EQ(parse_go_int("0", 32).value, 0);
  EXPECT_EQ(parse_go_int("-2147483648", 32).value, -2147483648LL);
}

TEST(GoStrconv, ParseIntRejectsWhatGoRejects) {
  for (const char *bad :
       {"", "-", "serflan", "0x", "08", "8__301", "_8301", "8301_", "0x_", " 1"}) {
    const auto parsed = parse_go_int(bad, 32);
    EXPECT_FALSE(parsed.value) << bad;
    EXPECT_EQ(parsed.error,
              "strconv.ParseInt: parsing \"" + std::string(bad) + "\": invalid syntax");
  }
  EXPECT_EQ(parse_go_int("2147483648", 32).error,
            "strconv.ParseInt: parsing \"2147483648\": value out of range");
  EXPECT_FALSE(parse_go_int("99999999999999999999999", 32).value);
}

}  // namespace
