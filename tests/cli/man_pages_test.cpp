// The man pages written at build time (scripts/man-pages) from the binary's --help
// and docs/configuration.md: valid roff that groff renders without a warning, with
// every flag of every command and every key of the configuration.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/child_process.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;

const std::string man_dir = JOINERY_TEST_BUILD_DIR "/man";

std::string read_file(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` as the man page's roff source writes it: hyphens as \-.
std::string in_roff(std::string text) {
  std::string out;
  for (const char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

void expect_groff_renders_without_warnings(const std::string &page) {
  const test::CommandResult result = test::run({"groff", "-man", "-ww", "-z", "-Tutf8", page}, 30s);
  EXPECT_EQ(result.status, 0) << page;
  EXPECT_EQ(result.err, "") << page;
}

TEST(ManPages, RenderWithoutWarnings) {
  expect_groff_renders_without_warnings(man_dir + "/joinery.1");
  expect_groff_renders_without_warnings(man_dir + "/joinery.toml.5");
}

TEST(ManPages, JoineryOneHasEveryCommandAndEveryFlagItsHelpShows) {
  const std::string page = read_file(man_dir + "/joinery.1");
  const std::regex long_flag(R"((^|[\s,\[])(--[a-z][a-z-]*))");
  for (const std::string command : {"run", "validate", "discover", "plugins", "version"}) {
    std::string title = "\n.SH JOINERY ";
    for (const char c : command) title += static_cast<char>(std::toupper(c));
    EXPECT_NE(page.find(title + "\n"), std::string::npos) << command;
    const test::CommandResult help = test::run({JOINERY_TEST_BINARY, command, "--help"}, 30s);
    const std::string options = help.out.substr(0, help.out.find("\nProviders:\n"));
    std::set<std::string> flags;
    for (auto it = std::sregex_iterator(options.begin(), options.end(), long_flag);
         it != std::sregex_iterator(); ++it) {
      flags.insert((*it)[2]);
    }
    EXPECT_FALSE(flags.empty()) << command;
    for (const std::string &flag : flags) {
      EXPECT_NE(page.find(in_roff(flag)), std::string::npos) << command << " " << flag;
    }
  }
}

TEST(ManPages, JoineryTomlFiveHasEveryKeyOfTheConfigurationDocs) {
  const std::string page = read_file(man_dir + "/joinery.toml.5");
  const std::string docs = read_file(JOINERY_TEST_SOURCE_DIR "/docs/configuration.md");
  const std::regex table_key(R"(\n\| `([a-z_]+)` \|)");
  int keys = 0;
  for (auto it = std::sregex_iterator(docs.begin(), docs.end(), table_key);
       it != std::sregex_iterator(); ++it, ++keys) {
    EXPECT_NE(page.find("\\fB" + in_roff((*it)[1]) + "\\fR"), std::string::npos) << (*it)[1];
  }
  EXPECT_GE(keys, 20);
}

}  // namespace
}  // namespace joinery
