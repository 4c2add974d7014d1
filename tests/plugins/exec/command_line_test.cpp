// The exec plugin's `command` key: a TOML array, a JSON array or a whitespace-split string.
#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include "command_line.hpp"

namespace joinery::exec {
namespace {

using Words = std::vector<std::string>;

// The key given once, as a string.
Words parse_one(std::string_view text) {
  return parse_command({text});
}

std::string parse_error(std::string_view text) {
  try {
    parse_one(text);
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::invalid_config);
    return error.what();
  }
  ADD_FAILURE() << "no error for " << text;
  return {};
}

TEST(CommandLine, TakesAJsonArrayAsTheArgv) {
  EXPECT_EQ(parse_one(R"(["nomad", "server", "join", "-address=http://[::1]:4646"])"),
            (Words{"nomad", "server", "join", "-address=http://[::1]:4646"}));
  EXPECT_EQ(parse_one(R"( ["sh", "-c", "echo \"$1\"", "sh"])"),
            (Words{"sh", "-c", "echo \"$1\"", "sh"}));
}

TEST(CommandLine, RejectsAJsonArrayOfNonStrings) {
  EXPECT_NE(parse_error(R"(["serf", 1])").find("must be a string"), std::string::npos);
  EXPECT_NE(parse_error(R"(["serf", )").find("not a JSON array"), std::string::npos);
}

TEST(CommandLine, SplitsAStringOnWhitespace) {
  EXPECT_EQ(parse_one("  serf join\t-rpc-addr=127.0.0.1:7373 \n"),
            (Words{"serf", "join", "-rpc-addr=127.0.0.1:7373"}));
}

TEST(CommandLine, GroupsWordsInDoubleQuotes) {
  EXPECT_EQ(parse_one(R"(sh -c "echo \"hi\" \\ there" x"y z")"),
            (Words{"sh", "-c", R"(echo "hi" \ there)", "xy z"}));
  EXPECT_EQ(parse_one(R"(tool "")"), (Words{"tool", ""}));
}

TEST(CommandLine, GivesNothingElseAShellMeaning) {
  EXPECT_EQ(parse_one("echo '$HOME' * | tee >x"),
            (Words{"echo", "'$HOME'", "*", "|", "tee", ">x"}));
}

TEST(CommandLine, RejectsAnUnclosedQuoteNamingWhere) {
  EXPECT_EQ(parse_error(R"(sh -c "echo)"),
            "command: the double quote at character 7 is never closed");
}

TEST(CommandLine, TakesEveryElementOfATomlArrayVerbatim) {
  // The host hands a TOML array over as one value per element.
  EXPECT_EQ(parse_command({"nomad", "server", "join", "two words, a comma"}),
            (Words{"nomad", "server", "join", "two words, a comma"}));
  EXPECT_EQ(parse_one("tool --peers=a,b"), (Words{"tool", "--peers=a,b"}));
  EXPECT_EQ(parse_one(R"(["a,b"])"), (Words{"a,b"}));
}

TEST(CommandLine, RejectsAMissingCommand) {
  EXPECT_THROW(parse_command({}), sdk::Error);
}

TEST(CommandLine, RejectsAnEmptyCommand) {
  EXPECT_EQ(parse_error("   ").rfind("command: no program given", 0), 0u);
  EXPECT_EQ(parse_error("[]").rfind("command: no program given", 0), 0u);
}

TEST(CommandLine, DescribesAnArgvSoItReadsBack) {
  const Words argv = {"sh", "-c", R"(echo "a b")", "plain"};
  EXPECT_EQ(describe_command(argv), R"(sh -c "echo \"a b\"" plain)");
  EXPECT_EQ(parse_one(describe_command(argv)), argv);
}

}  // namespace
}  // namespace joinery::exec
