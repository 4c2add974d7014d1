// Which entries go to discovery, which literals are usable, and how found addresses
// are normalized (IPv6 with a port always bracketed).
#include "discovery/entry.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace joinery::discovery {
namespace {

// What check_address says is wrong, or nullopt when the address is usable.
std::optional<std::string> refusal(const Result<> &checked) {
  if (checked) return std::nullopt;
  return checked.error().text();
}

// A failing case's address as a test failure shows it: hostile bytes escaped.
std::string logging_form(std::string_view address) {
  return sdk::escape_unprintable(address);
}

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
    EXPECT_EQ(refusal(check_literal_address(literal)), std::nullopt) << literal;
  }
}

TEST(Entry, RejectsAnEmptyNodeNameWithMemberlistsMessage) {
  EXPECT_EQ(refusal(check_literal_address("/10.0.0.1")), "empty node name provided");
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
    EXPECT_EQ(refusal(check_literal_address(literal)), reason) << literal;
  }
}

// The one check configured literals and provider results share: what it refuses
// from either, with the reason.
TEST(Entry, RefusesAnythingButAHostAnAddressAndAPortFromEitherSource) {
  using namespace std::string_view_literals;
  const std::pair<std::string_view, std::string_view> hostile[] = {
      {"-rpc-addr=127.0.0.1:19200",
       "an address may not start with '-' (it would be read as an option)"},
      {"--help", "an address may not start with '-' (it would be read as an option)"},
      {"-h", "an address may not start with '-' (it would be read as an option)"},
      {"node/-rpc-addr=127.0.0.1",
       "an address may not start with '-' (it would be read as an option)"},
      {"-node/10.0.0.1",
       "invalid node name (letters, digits, '.', '-' and '_', not starting with '-')"},
      {"10.0.0.1 -rpc-auth=x", "white space in address"},
      {"10.0.0.1\n2026-01-01 [ERROR] agent: forged", "white space in address"},
      {"10.0.0.1\0-x"sv,
       "invalid host name in address (letters, digits, '-' and '_' in "
       "dot-separated labels, not starting with '-')"},
      {"\x1b[31mhost.example", "unexpected '[' or ']' in address"},
      {"\x1b(0host.example",
       "invalid host name in address (letters, digits, '-' and '_' in "
       "dot-separated labels, not starting with '-')"},
      {"host\xff.example",
       "invalid host name in address (letters, digits, '-' and '_' in "
       "dot-separated labels, not starting with '-')"},
      {"h\xc3\xa9.example",
       "invalid host name in address (letters, digits, '-' and '_' in "
       "dot-separated labels, not starting with '-')"},
      {"host=evil.example",
       "invalid host name in address (letters, digits, '-' and '_' in "
       "dot-separated labels, not starting with '-')"},
      {"$(reboot)",
       "invalid host name in address (letters, digits, '-' and '_' in "
       "dot-separated labels, not starting with '-')"},
      {"a..example",
       "invalid host name in address (letters, digits, '-' and '_' in "
       "dot-separated labels, not starting with '-')"},
      {"300.1.1.1", "invalid IPv4 address in address"},
      {"10.0.0", "invalid IPv4 address in address"},
      {"[::g]:8301", "invalid IPv6 address in address"},
      {"fe80::1%eth0;x", "invalid IPv6 address in address"},
      {"10.0.0.1:\x1b[2J", "invalid port \"\x1b[2J\" in address (must be 0-65535)"},
      {"no de/10.0.0.1",
       "invalid node name (letters, digits, '.', '-' and '_', not starting with '-')"},
  };
  for (const auto source : {AddressSource::configured, AddressSource::discovered}) {
    for (const auto &[address, reason] : hostile) {
      EXPECT_EQ(refusal(check_address(address, source)), reason) << logging_form(address);
    }
  }
}

TEST(Entry, AcceptsEveryAddressFormFromAProvider) {
  for (const char *address :
       {"10.0.0.1", "10.0.0.1:8301", "consul.example.com", "consul.example.com.:8301",
        "consul_1.example", "::1", "fe80::1%eth0", "[::1]", "[::1]:8301", "[fe80::1%eth0]:8301",
        "[10.0.0.1]:8301", "node-1/10.0.0.1", "node_1.dc/[::1]:8301"}) {
    EXPECT_EQ(refusal(check_address(address, AddressSource::discovered)), std::nullopt) << address;
  }
}

// The host writes "*.DC/192.0.2.2" for a WAN join through mesh gateways; a provider
// handing one back would have the backend route it through the primary's gateways.
TEST(Entry, TakesTheWanPlaceholderFromTheConfigurationButNeverFromAProvider) {
  EXPECT_EQ(refusal(check_address("*.dc9/192.0.2.2", AddressSource::configured)), std::nullopt);
  EXPECT_EQ(refusal(check_address("*.dc9/192.0.2.2", AddressSource::discovered)),
            "a WAN placeholder (\"*.DC/...\") is the host's own, never a provider's");
  EXPECT_EQ(refusal(check_address("*/192.0.2.2", AddressSource::configured)),
            "invalid node name (letters, digits, '.', '-' and '_', not starting with '-')");
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
