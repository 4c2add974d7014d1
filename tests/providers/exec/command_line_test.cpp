// The exec plugin's `command` key: a JSON array or a whitespace-split string.
#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include "command_line.hpp"

namespace joinery::exec {
namespace {

using Words = std::vector<std::string>;

std::string parse_error(std::string_view text) {
  try {
    parse_command(text);
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::invalid_config);
    return error.what();
  }
  ADD_FAILURE() << "no error for " << text;
  return {};
}

TEST(CommandLine, TakesAJsonArrayAsTheArgv) {
  EXPECT_EQ(parse_command(R"(["nomad", "server", "join", "-address=http://[::1]:4646"])"),
            (Words{"nomad", "server", "join", "-address=http://[::1]:4646"}));
  EXPECT_EQ(parse_command(R"( ["sh", "-c", "echo \"$1\"", "sh"])"),
            (Words{"sh", "-c", "echo \"$1\"", "sh"}));
}

TEST(CommandLine, RejectsAJsonArrayOfNonStrings) {
  EXPECT_NE(parse_error(R"(["serf", 1])").find("must be a string"), std::string::npos);
  EXPECT_NE(parse_error(R"(["serf", )").find("not a JSON array"), std::string::npos);
}

TEST(CommandLine, SplitsAStringOnWhitespace) {
  EXPECT_EQ(parse_command("  serf join\t-rpc-addr=127.0.0.1:7373 \n"),
            (Words{"serf", "join", "-rpc-addr=127.0.0.1:7373"}));
}

TEST(CommandLine, GroupsWordsInDoubleQuotes) {
  EXPECT_EQ(parse_command(R"(sh -c "echo \"hi\" \\ there" x"y z")"),
            (Words{"sh", "-c", R"(echo "hi" \ there)", "xy z"}));
  EXPECT_EQ(parse_command(R"(tool "")"), (Words{"tool", ""}));
}

TEST(CommandLine, GivesNothingElseAShellMeaning) {
  EXPECT_EQ(parse_command("echo '$HOME' * | tee >x"),
            (Words{"echo", "'$HOME'", "*", "|", "tee", ">x"}));
}

TEST(CommandLine, RejectsAnUnclosedQuoteNamingWhere) {
  EXPECT_EQ(parse_error(R"(sh -c "echo)"),
            "command: the double quote at character 7 is never closed");
}

TEST(CommandLine, ExplainsATomlArrayThatArrivedJoinedByCommas) {
  EXPECT_EQ(parse_error("nomad,server,join")
                .rfind("command: \"nomad,server,join\" looks like a TOML array", 0),
            0u);
  EXPECT_EQ(parse_command("tool --peers=a,b"), (Words{"tool", "--peers=a,b"}));
  EXPECT_EQ(parse_command(R"(["a,b"])"), (Words{"a,b"}));
}

TEST(CommandLine, RejectsAnEmptyCommand) {
  EXPECT_EQ(parse_error("   ").rfind("command: no program given", 0), 0u);
  EXPECT_EQ(parse_error("[]").rfind("command: no program given", 0), 0u);
}

TEST(CommandLine, DescribesAnArgvSoItReadsBack) {
  const Words argv = {"sh", "-c", R"(echo "a b")", "plain"};
  EXPECT_EQ(describe_command(argv), R"(sh -c "echo \"a b\"" plain)");
  EXPECT_EQ(parse_command(describe_command(argv)), argv);
}

}  // namespace
}  // namespace joinery::exec
