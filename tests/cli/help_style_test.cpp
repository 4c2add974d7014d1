// Every command's --help in one style: at most 80 columns, no trailing spaces, none of
// Boost.Program_options' own rendering ("-h [ --help ]", "[=BOOL(=true)]").
#include <gtest/gtest.h>

#include <sstream>

#include "support/child_process.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;

test::CommandResult help_of(std::vector<std::string> command) {
  command.insert(command.begin(), JOINERY_TEST_BINARY);
  return test::run(command, 30s);
}

// Lines of a plugin's help that are examples of provider strings: a provider string is
// one word and cannot wrap, so these may pass 80 columns.
bool is_example(const std::string &line) {
  return line.find_first_not_of(' ') != std::string::npos &&
         line.compare(line.find_first_not_of(' '), 9, "provider=") == 0;
}

void expect_house_style(const std::vector<std::string> &command) {
  const test::CommandResult help = help_of(command);
  ASSERT_EQ(help.status, 0) << help.err;
  std::istringstream lines(help.out);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const std::string where = command[0] + " line " + std::to_string(number) + ": " + line;
    if (!is_example(line)) {
      EXPECT_LE(line.size(), 80u) << where;
    }
    EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing space, " << where;
    EXPECT_EQ(line.find("[ --"), std::string::npos) << where;
    EXPECT_EQ(line.find("(=true)"), std::string::npos) << where;
  }
  EXPECT_GT(number, 5) << help.out;
}

TEST(HelpStyle, TopLevelHelpFitsEightyColumns) {
  expect_house_style({"help"});
}
TEST(HelpStyle, RunHelpFitsEightyColumns) {
  expect_house_style({"run", "--help"});
}
TEST(HelpStyle, ValidateHelpFitsEightyColumns) {
  expect_house_style({"validate", "--help"});
}
TEST(HelpStyle, PluginsHelpFitsEightyColumns) {
  expect_house_style({"plugins", "--help"});
}
TEST(HelpStyle, VersionHelpFitsEightyColumns) {
  expect_house_style({"version", "--help"});
}
// discover --help also prints every bundled provider's help and keys.
TEST(HelpStyle, DiscoverHelpWithEveryProviderFitsEightyColumns) {
  expect_house_style({"discover", "--help"});
}

TEST(HelpStyle, OptionalValuesAndShortNamesReadAsInManPages) {
  const test::CommandResult help = help_of({"run", "--help"});
  EXPECT_NE(help.out.find("  --server[=BOOL] "), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("  -h, --help "), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("  --config FILE "), std::string::npos) << help.out;
}

}  // namespace
}  // namespace joinery
