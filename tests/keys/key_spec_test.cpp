// The key checks the host runs before the first attempt, and the key help.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "keys/key_spec.hpp"

namespace {

using joinery::plugins::format_key_help;
using joinery::plugins::KeySpec;
using joinery::plugins::KeyValues;
using joinery::plugins::with_defaults;
using testing::ElementsAre;
using testing::HasSubstr;

// The texts of check_keys' problems, as the operator reads them.
std::vector<std::string> key_problems(const std::vector<KeySpec> &keys, const KeyValues &values) {
  std::vector<std::string> texts;
  for (const joinery::Problem &problem : joinery::plugins::check_keys(keys, values)) {
    texts.push_back(problem.text());
  }
  return texts;
}

std::vector<KeySpec> dns_keys() {
  return {{"name", JOINERY_KEY_STRING, true, false, std::nullopt, "the DNS name to look up"},
          {"port", JOINERY_KEY_INTEGER, false, false, "8301", "port appended to every address"},
          {"timeout", JOINERY_KEY_DURATION, false, false, "5s", "how long one lookup may take"},
          {"tcp", JOINERY_KEY_BOOL, false, false, std::nullopt, "query over TCP"},
          {"api_token", JOINERY_KEY_INTEGER, false, true, std::nullopt, "a secret number"}};
}

TEST(CheckKeys, AcceptsAValidConfiguration) {
  EXPECT_THAT(
      key_problems(
          dns_keys(),
          {{"name", "consul.service"}, {"port", "-1"}, {"timeout", "1m30s"}, {"tcp", "true"}}),
      ElementsAre());
}

TEST(CheckKeys, SuggestsTheClosestKeyForATypo) {
  EXPECT_THAT(key_problems(dns_keys(), {{"name", "x"}, {"nmae", "y"}}),
              ElementsAre("unknown key 'nmae' (did you mean 'name'?)"));
  EXPECT_THAT(key_problems(dns_keys(), {{"name", "x"}, {"timeuot", "1s"}}),
              ElementsAre("unknown key 'timeuot' (did you mean 'timeout'?)"));
}

TEST(CheckKeys, ListsTheKnownKeysWhenNothingIsClose) {
  EXPECT_THAT(
      key_problems(dns_keys(), {{"name", "x"}, {"region", "eu"}}),
      ElementsAre("unknown key 'region' (known keys: name, port, timeout, tcp, api_token)"));
  EXPECT_THAT(key_problems({}, {{"region", "eu"}}),
              ElementsAre("unknown key 'region' (this plugin takes no keys)"));
}

TEST(CheckKeys, ReportsMissingAndEmptyRequiredKeys) {
  EXPECT_THAT(key_problems(dns_keys(), {}),
              ElementsAre("missing required key 'name' (the DNS name to look up)"));
  EXPECT_THAT(key_problems(dns_keys(), {{"name", ""}}),
              ElementsAre("key 'name' is required but empty"));
}

TEST(CheckKeys, ChecksTypes) {
  EXPECT_THAT(
      key_problems(dns_keys(), {{"name", "x"}, {"port", "80a"}, {"timeout", "5"}, {"tcp", "yes"}}),
      ElementsAre("key 'port': \"80a\" is not an integer",
                  "key 'timeout': \"5\" is not a duration (examples: 500ms, 5s, 1m30s)",
                  "key 'tcp': \"yes\" is not true or false"));
  EXPECT_THAT(key_problems(dns_keys(), {{"name", "x"}, {"timeout", "-5s"}}),
              ElementsAre(HasSubstr("is not a duration")));
}

TEST(CheckKeys, NeverEchoesASecretValue) {
  const auto problems = key_problems(dns_keys(), {{"name", "x"}, {"api_token", "hunter2"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "key 'api_token': the value is not an integer");
}

TEST(CheckKeys, ListsTheFirstProblemsThenCountsTheRest) {
  KeyValues values = {{"name", "x"}};
  for (int i = 0; i < 1000; ++i) values.emplace_back("unknown" + std::to_string(i), "v");
  const auto problems = key_problems(dns_keys(), values);
  ASSERT_EQ(problems.size(), joinery::plugins::max_key_problems + 1);
  EXPECT_THAT(problems.front(), HasSubstr("unknown key 'unknown0'"));
  EXPECT_THAT(problems[joinery::plugins::max_key_problems - 1],
              HasSubstr("unknown key 'unknown9'"));
  EXPECT_EQ(problems.back(), "and 990 more problems with its keys (only the first 10 are listed)");
}

TEST(CheckKeys, ListsExactlyTheLimitWithoutACount) {
  KeyValues values = {{"name", "x"}};
  for (int i = 0; i < 10; ++i) values.emplace_back("unknown" + std::to_string(i), "v");
  const auto problems = key_problems(dns_keys(), values);
  ASSERT_EQ(problems.size(), 10u);
  EXPECT_THAT(problems.back(), HasSubstr("unknown key 'unknown9'"));
}

TEST(WithDefaults, AddsDefaultsOfAbsentKeysOnly) {
  const KeyValues values = with_defaults(dns_keys(), {{"name", "x"}, {"port", "9000"}});
  EXPECT_EQ(values, (KeyValues{{"name", "x"}, {"port", "9000"}, {"timeout", "5s"}}));
}

TEST(FormatKeyHelp, AlignsNameAttributesAndDescription) {
  EXPECT_EQ(format_key_help(dns_keys()),
            "  name            string, required       the DNS name to look up\n"
            "  port            integer, default 8301  port appended to every address\n"
            "  timeout         duration, default 5s   how long one lookup may take\n"
            "  tcp             bool                   query over TCP\n"
            "  api_token       integer, secret        a secret number\n"
            // The host's sources of each secret key (secret_sources.hpp), under it.
            "  api_token_file  string                 a file holding api_token, read by\n"
            "                                         joinery at start\n"
            "  api_token_env   string                 an environment variable holding\n"
            "                                         api_token, read by joinery at start\n");
}

}  // namespace
