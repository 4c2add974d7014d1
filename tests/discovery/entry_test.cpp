// Which entries go to discovery, which literals are usable, and how found addresses
// are normalized (IPv6 with a port always bracketed).
#include "discovery/entry.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <utility>
#include <vector>

namespace joinery::discovery {
namespace {

TEST(Entry, IsAProviderStringWhenItContainsProviderEquals) {
  EXPECT_TRUE(is_provider_string("provider=aws tag_key=consul"));
  EXPECT_TRUE(is_provider_string("tag_key=consul provider=aws"));
  EXPECT_FALSE(is_provider_string("10.0.0.1:8301"));
  EXPECT_FALSE(is_provider_string("consul.example.com"));
  // Consul's test is a plain substring search: spaces around '=' make a literal.
  EXPECT_FALSE(is_provider_string("provider = aws"));
}

TEST(Entry, AcceptsEveryLiteralFormTheJoinReads) {
  for (const char *literal :
       {"10.0.0.1", "10.0.0.1:8301", "consul.example.com", "consul.example.com:8301", "::1",
        "fe80::1%eth0", "[::1]", "[::1]:8301", "node-1/10.0.0.1", "node-1/[::1]:8301",
        "*.dc1/192.0.2.2"}) {
    EXPECT_EQ(check_literal_address(literal), std::nullopt) << literal;
  }
}

TEST(Entry, RejectsAnEmptyNodeNameWithMemberlistsMessage) {
  EXPECT_EQ(check_literal_address("/10.0.0.1"), "empty node name provided");
}

TEST(Entry, RejectsMalformedLiterals) {
  const std::pair<std::string_view, std::string_view> malformed[] = {
      {"", "empty address"},
      {"node/", "empty address"},
      {"[::1", "missing ']' in address"},
      {"[::1]8301", "expected ':PORT' after ']' in address (e.g. [::1]:8301)"},
      {"10.0.0.1:http", "invalid port \"http\" in address (must be 0-65535)"},
      {"10.0.0.1:70000", "invalid port \"70000\" in address (must be 0-65535)"},
      {":8301", "missing host in address"},
      {"10.0.0.1 10.0.0.2", "white space in address"},
  };
  for (const auto &[literal, reason] : malformed) {
    EXPECT_EQ(check_literal_address(literal), reason) << literal;
  }
}

// Each address given, and what normalize_address must make of it.
using Normalized = std::vector<std::pair<std::string_view, std::string_view>>;

void expect_normalized(const Normalized &cases) {
  for (const auto &[given, expected] : cases) {
    EXPECT_EQ(normalize_address(given), expected) << given;
  }
}

TEST(Entry, NormalizeBracketsIPv6WithAPort) {
  expect_normalized({{"[::1]:8301", "[::1]:8301"},
                     {"[fe80::1%eth0]:8301", "[fe80::1%eth0]:8301"},
                     {"node/[2001:db8::1]:8301", "node/[2001:db8::1]:8301"}});
}

TEST(Entry, NormalizeLeavesPortlessAndIPv4AddressesAlone) {
  expect_normalized({{"::1", "::1"},
                     {"[::1]", "[::1]"},
                     {"10.0.0.1", "10.0.0.1"},
                     {"10.0.0.1:8301", "10.0.0.1:8301"},
                     {"host.example:8301", "host.example:8301"},
                     {"node-1/10.0.0.1", "node-1/10.0.0.1"}});
}

TEST(Entry, NormalizeDropsNeedlessBracketsAndWhiteSpace) {
  expect_normalized(
      {{"[10.0.0.1]:8301", "10.0.0.1:8301"}, {"  10.0.0.1:8301\n", "10.0.0.1:8301"}, {" \t", ""}});
}

TEST(Entry, NormalizeKeepsWhatItCannotSplit) {
  expect_normalized({{"[::1", "[::1"}, {"10.0.0.1:http", "10.0.0.1:http"}});
}

}  // namespace
}  // namespace joinery::discovery
