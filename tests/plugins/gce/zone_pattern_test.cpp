// zone_pattern is RE2, matched against a zone's whole name as Google's `name eq`
// filter matches it; bad patterns and label halves are configuration errors.
#include "gce_settings.hpp"

#include <gtest/gtest.h>

#include "support/plugin_config.hpp"

namespace {

using joinery::gce::read_gce_settings;
using joinery::gce::ZonePattern;
using joinery::sdk::Error;
using joinery::sdk::Status;
using joinery::test::PluginConfig;

TEST(ZonePattern, MatchesTheWholeZoneName) {
  const ZonePattern pattern("us-central1-.*");
  EXPECT_TRUE(pattern.matches("us-central1-a"));
  EXPECT_FALSE(pattern.matches("europe-west1-b"));
  EXPECT_FALSE(ZonePattern("us-central1").matches("us-central1-a"));  // anchored at the end
  EXPECT_FALSE(ZonePattern("central1-a").matches("us-central1-a"));   // and at the start
}

TEST(ZonePattern, SpeaksRe2SyntaxThatEcmaScriptLacks) {
  EXPECT_TRUE(ZonePattern("(?i)US-(east|west)1-[a-c]").matches("us-west1-b"));
  EXPECT_TRUE(ZonePattern(R"(us-\pL+1-b)").matches("us-east1-b"));
  EXPECT_TRUE(ZonePattern("us-[[:alpha:]]+1-.").matches("us-east1-c"));
}

TEST(ZonePattern, AnInvalidPatternIsAConfigErrorNamingTheKey) {
  try {
    (void)read_gce_settings(PluginConfig{{"zone_pattern", "us-(west"}}.view());
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), Status::invalid_config);
    EXPECT_NE(std::string(error.what()).find("zone_pattern: \"us-(west\" is not an RE2 regular"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("missing )"), std::string::npos) << error.what();
  }
}

TEST(ZonePattern, BackreferencesAreRefusedAsRe2RefusesThem) {
  EXPECT_THROW(ZonePattern(R"((a)\1)"), Error);
}

TEST(GceSettings, LabelKeyAndLabelValueGoTogether) {
  for (const auto &[key, value] : {std::pair{"label_key", "role"}, {"label_value", "server"}}) {
    try {
      (void)read_gce_settings(PluginConfig{{key, value}}.view());
      FAIL() << key;
    } catch (const Error &error) {
      EXPECT_EQ(error.status(), Status::invalid_config);
      EXPECT_EQ(std::string(error.what()).rfind(key, 0), 0u) << error.what();
    }
  }
  const auto settings =
      read_gce_settings(PluginConfig{{"label_key", "role"}, {"label_value", "server"}}.view());
  EXPECT_EQ(settings.label_key, "role");
  EXPECT_EQ(settings.zone_pattern, nullptr);
}

}  // namespace
