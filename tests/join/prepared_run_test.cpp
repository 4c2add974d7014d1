// with_origins: where each of a joiner's entries was written.
#include "join/prepared_run.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace joinery::join {
namespace {

using discovery::ConfiguredEntry;

std::vector<std::string> origins_of(const std::vector<ConfiguredEntry> &entries) {
  std::vector<std::string> out;
  for (const ConfiguredEntry &entry : entries) out.push_back(entry.origin);
  return out;
}

TEST(WithOrigins, EachEntryTakesTheOriginItWasWrittenAt) {
  const std::vector<ConfiguredEntry> configured = {{"10.0.0.1", "a.toml:1:14"},
                                                   {"10.0.0.2", "--retry-join"}};
  const auto entries = with_origins({"10.0.0.2", "10.0.0.1"}, configured);
  EXPECT_EQ(entries[0].text, "10.0.0.2");
  EXPECT_EQ(origins_of(entries), (std::vector<std::string>{"--retry-join", "a.toml:1:14"}));
}

TEST(WithOrigins, ARepeatedEntryTakesTheNextOriginOfItsTextInOrder) {
  const std::vector<ConfiguredEntry> configured = {
      {"10.0.0.1", "a.toml:1:14"}, {"10.0.0.9", "a.toml:2:1"}, {"10.0.0.1", "b.toml:1:14"}};
  const auto entries = with_origins({"10.0.0.1", "10.0.0.1", "10.0.0.1"}, configured);
  EXPECT_EQ(origins_of(entries), (std::vector<std::string>{"a.toml:1:14", "b.toml:1:14", ""}));
}

TEST(WithOrigins, AnEntryThePlanMadeHasNoOrigin) {
  const auto entries = with_origins({"*.dc2/192.0.2.2"}, {{"10.0.0.1", "a.toml:1:14"}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].text, "*.dc2/192.0.2.2");
  EXPECT_EQ(entries[0].origin, "");
}

TEST(WithOrigins, HundredThousandRepeatsKeepTheirOrder) {
  // The case that was quadratic: every text alike, each taking the next origin.
  std::vector<ConfiguredEntry> configured;
  std::vector<std::string> texts;
  for (int i = 0; i < 100'000; ++i) {
    configured.push_back({"10.0.0.1", "line " + std::to_string(i)});
    texts.emplace_back("10.0.0.1");
  }
  const auto entries = with_origins(texts, configured);
  ASSERT_EQ(entries.size(), texts.size());
  EXPECT_EQ(entries.front().origin, "line 0");
  EXPECT_EQ(entries[54'321].origin, "line 54321");
  EXPECT_EQ(entries.back().origin, "line 99999");
}

}  // namespace
}  // namespace joinery::join
