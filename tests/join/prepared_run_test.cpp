// with_origins: where each of a joiner's entries was written; the one PreparationError
// a run that cannot be prepared throws.
#include "join/prepared_run.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "base/stop_source.hpp"
#include "catalog/registry.hpp"

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

// A run whose LAN names an unknown provider and, through a plugin directory holding
// nothing, an unknown backend: both problems in one PreparationError.
PreparationError preparation_error(const std::vector<ConfiguredEntry> &entries) {
  RunSettings settings;
  settings.agent.lan.entries = entries;
  settings.lan_backend.name = "serf";
  settings.lan_backend.origin = "a.toml:7:1";
  plugins::Registry registry(plugins::SearchPath{{}, {}, {}});
  try {
    PreparedRun run(settings, registry, std::make_shared<plugins::StopSource>());
  } catch (const PreparationError &error) {
    return error;
  }
  ADD_FAILURE() << "the run was prepared";
  return {"", {}, false};
}

TEST(PreparedRunProblems, GatherEveryJoinersProblemsIntoOnePreparationError) {
  const PreparationError error = preparation_error({{"provider=nope", "a.toml:2:14"}});
  ASSERT_EQ(error.problems().size(), 2u);
  EXPECT_EQ(error.problems()[0].text(),
            "a.toml:2:14: provider=nope: discover: unknown provider nope");
  EXPECT_EQ(error.problems()[1].text(), "[join.lan] (a.toml:7:1): unknown join backend 'serf'");
  const std::string report = error.what();
  EXPECT_EQ(report.rfind(error.problems()[0].text() + "\n", 0), 0u) << report;
  EXPECT_NE(report.find("\n\n" + error.problems()[1].text() + "\nInstalled join backends: "),
            std::string::npos)
      << report;
  EXPECT_TRUE(error.missing_plugins_only());  // exit 3: plugins are missing, nothing else
}

TEST(PreparedRunProblems, AreNotMissingPluginsOnlyWhenAnEntryIsWrong) {
  const PreparationError error =
      preparation_error({{"provider=nope", "a.toml:2:14"}, {"/10.0.0.1", "a.toml:2:30"}});
  ASSERT_EQ(error.problems().size(), 3u);
  EXPECT_EQ(error.problems()[1].text(), "a.toml:2:30: /10.0.0.1: empty node name provided");
  EXPECT_FALSE(error.missing_plugins_only());
}

}  // namespace
}  // namespace joinery::join
