// The plugin_sha256 option: read from TOML with its origin, lowercased, merged with
// later files winning per name, every mistake reported at its line and column; and
// the --allow-env-plugin-path flag.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/run_options.hpp"
#include "config/loader.hpp"
#include "config/toml_reader.hpp"
#include "support/temp_dir.hpp"

namespace joinery::config {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

const std::string hash_a(64, 'a');
const std::string hash_b = std::string(32, 'b') + std::string(32, '0');

struct Read {
  Layer layer;
  std::vector<std::string> problems;
};

Read read(std::string_view text) {
  Problems problems;
  Read result;
  result.layer = read_toml(text, "a.toml", "/etc/joinery", problems);
  for (const Problem &problem : problems) result.problems.push_back(problem.text());
  return result;
}

TEST(PluginSha256Option, ReadsAnInlineTableOfFileNamesAndHashes) {
  const Read r = read("plugin_sha256 = { joinery-dns = \"" + hash_a + "\", \"joinery-acme\" = \"" +
                      hash_b + "\" }\n");
  ASSERT_THAT(r.problems, IsEmpty());
  ASSERT_EQ(r.layer.plugin_sha256.size(), 2u);
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").sha256, hash_a);
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").origin, "a.toml:1:33");
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-acme").sha256, hash_b);
}

TEST(PluginSha256Option, ReadsATableAndLowercasesTheHash) {
  const Read r = read("[plugin_sha256]\njoinery-dns = \"" + std::string(64, 'A') + "\"\n");
  ASSERT_THAT(r.problems, IsEmpty());
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").sha256, hash_a);
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").origin, "a.toml:2:15");
}

TEST(PluginSha256Option, RefusesAHashThatIsNotSixtyFourHexDigits) {
  const Read r = read("plugin_sha256 = { joinery-dns = \"abc\", joinery-srv = \"" +
                      std::string(64, 'g') + "\" }");
  EXPECT_THAT(r.problems,
              ElementsAre("a.toml:1:33: 'plugin_sha256.joinery-dns' must be a SHA-256 hash, 64 "
                          "hex digits as sha256sum prints it; got 3 characters",
                          "a.toml:1:54: 'plugin_sha256.joinery-srv' must be a SHA-256 hash, 64 "
                          "hex digits as sha256sum prints it; got 64 characters"));
  EXPECT_THAT(r.layer.plugin_sha256, IsEmpty());
}

TEST(PluginSha256Option, RefusesANameWithADirectoryOrSuffix) {
  const Read r = read("plugin_sha256 = { \"joinery-dns.so\" = \"" + hash_a +
                      "\", \"/usr/lib/joinery-dns\" = \"" + hash_a + "\" }");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0],
            "a.toml:1:19: 'plugin_sha256.joinery-dns.so' must name a plugin file without its "
            "directory and .so, e.g. joinery-dns for /usr/lib/joinery/plugins/joinery-dns.so");
  EXPECT_THAT(r.problems[1], testing::StartsWith("a.toml:1:"));
}

TEST(PluginSha256Option, RefusesValuesOfTheWrongType) {
  EXPECT_THAT(read("plugin_sha256 = \"" + hash_a + "\"").problems,
              ElementsAre("a.toml:1:17: 'plugin_sha256' must be a table of plugin file names and "
                          "their SHA-256 hashes, not a string"));
  EXPECT_THAT(read("plugin_sha256 = { joinery-dns = 7 }").problems,
              ElementsAre("a.toml:1:33: 'plugin_sha256.joinery-dns' must be a SHA-256 hash "
                          "string (64 hex digits, as sha256sum prints), not an integer"));
}

TEST(PluginSha256Option, ALaterFilePinsANameAgain) {
  test::TempDir dir;
  const auto a = dir.write("a.toml", "plugin_sha256 = { joinery-dns = \"" + hash_a +
                                         "\", joinery-acme = \"" + hash_a + "\" }\n");
  const auto b = dir.write("b.toml", "[plugin_sha256]\njoinery-dns = \"" + hash_b + "\"\n");
  const Loaded loaded = load({.paths = {a, b}});
  ASSERT_TRUE(loaded.config.has_value());
  const plugins::Sha256Pins &pins = loaded.config->plugin_sha256;
  EXPECT_EQ(pins.at("joinery-dns").sha256, hash_b);
  EXPECT_EQ(pins.at("joinery-dns").origin, b.string() + ":2:15");
  EXPECT_EQ(pins.at("joinery-acme").sha256, hash_a);
  EXPECT_EQ(loaded.config->plugin_trust().sha256_pins.size(), 2u);
}

TEST(AllowEnvPluginPathFlag, IsOffUnlessGiven) {
  const cli::ParsedRunOptions without = cli::parse_run_options({});
  ASSERT_TRUE(without.options.has_value());
  EXPECT_FALSE(without.options->config.plugin_trust().allow_environment);
  const cli::ParsedRunOptions with = cli::parse_run_options({"-allow-env-plugin-path"});
  ASSERT_TRUE(with.options.has_value());
  EXPECT_TRUE(with.options->config.plugin_trust().allow_environment);
}

}  // namespace
}  // namespace joinery::config
