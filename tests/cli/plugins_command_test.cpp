// `joinery plugins list|inspect` and `joinery version`, through the real binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/plugin_dir.hpp"

namespace {

using joinery::test::bundled;
using joinery::test::CommandResult;
using joinery::test::fixture;
using joinery::test::PluginDir;
using testing::HasSubstr;

// Runs joinery with its cache in `dir` and no JOINERY_PLUGIN_PATH from outside. As
// root, `joinery plugins` reads XDG_CACHE_HOME only with --allow-env-plugin-path.
CommandResult joinery(const PluginDir &dir, std::vector<std::string> args) {
  if (args.size() >= 2 && args[0] == "plugins") {
    args.insert(args.begin() + 2, "--allow-env-plugin-path");
  }
  args.insert(args.begin(), joinery::test::joinery_binary().string());
  joinery::test::ChildProcess::Options options;
  options.env = {{"XDG_CACHE_HOME", (dir.root() / "cache").string()}, {"JOINERY_PLUGIN_PATH", ""}};
  return joinery::test::run(args, std::chrono::seconds(20), options);
}

TEST(VersionCommand, PrintsJoinerysVersionAndTheAbi) {
  PluginDir dir;
  const CommandResult result = joinery(dir, {"version"});
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.out, std::string("joinery ") + JOINERY_VERSION + " (plugin ABI 1.0)\n");
}

TEST(PluginsList, ShowsBundledAndExtraPluginsWithTheirKeysAndRefusals) {
  PluginDir dir;
  dir.add(fixture("good"));
  const auto broken = dir.add(fixture("abi-too-new"));
  const CommandResult result = joinery(dir, {"plugins", "list", "--plugin-dir", dir.plugins()});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("provider static: returns the addresses it is configured with"));
  EXPECT_THAT(result.out, HasSubstr("  plugin:  org.joinery.static 1.0.0 (ABI 1.0)"));
  EXPECT_THAT(result.out, HasSubstr("    addrs  string, required  comma-separated addresses"));
  EXPECT_THAT(result.out, HasSubstr("backend log: "));
  EXPECT_THAT(result.out, HasSubstr("provider good: "));
  EXPECT_THAT(result.out,
              HasSubstr("  file:    " + (dir.plugins() / "joinery-fixture-good.so").string()));
  EXPECT_THAT(result.out, HasSubstr("refused " + broken.string() +
                                    ":\n  it was built against "
                                    "joinery plugin ABI 2.0"));
}

TEST(PluginsList, PrintsJson) {
  PluginDir dir;
  dir.add(fixture("init-fails"));
  const CommandResult result =
      joinery(dir, {"plugins", "list", "--json", "--plugin-dir", dir.plugins()});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json.at("search_path").at(0), dir.plugins().string());
  const auto &providers = json.at("providers");
  const auto static_provider = std::find_if(providers.begin(), providers.end(),
                                            [](const auto &p) { return p.at("name") == "static"; });
  ASSERT_NE(static_provider, providers.end());
  EXPECT_EQ(static_provider->at("kind"), "provider");
  EXPECT_EQ(static_provider->at("plugin_id"), "org.joinery.static");
  EXPECT_EQ(static_provider->at("plugin_version"), "1.0.0");
  EXPECT_EQ(static_provider->at("abi"), "1.0");
  EXPECT_EQ(static_provider->at("file"), bundled("static").string());
  EXPECT_EQ(static_provider->at("keys").at(0),
            (nlohmann::json{{"name", "addrs"},
                            {"type", "string"},
                            {"required", true},
                            {"secret", false},
                            {"default", nullptr},
                            {"description", "comma-separated addresses, returned as they are"}}));
  const auto &backends = json.at("backends");
  EXPECT_NE(std::find_if(backends.begin(), backends.end(),
                         [](const auto &b) { return b.at("name") == "log"; }),
            backends.end());
  EXPECT_EQ(json.at("refused").at(0).at("file"),
            (dir.plugins() / "joinery-fixture-init-fails.so").string());
  EXPECT_THAT(json.at("refused").at(0).at("reason").get<std::string>(),
              HasSubstr("licence file /etc/acme/licence.key not found"));
}

TEST(PluginsList, AcceptsSingleDashLongOptionsAsConsulUsersWriteThem) {
  PluginDir dir;
  dir.add(fixture("good"));
  const CommandResult result =
      joinery(dir, {"plugins", "list", "-plugin-dir", dir.plugins(), "-json"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"name\": \"good\""));
}

TEST(PluginsList, SearchesThePluginDirsOfAConfigurationAfterTheFlags) {
  PluginDir dir;
  dir.add(fixture("good"));
  const auto flagged = dir.make_directory("flagged");
  const auto config = dir.root() / "joinery.toml";
  std::ofstream(config) << "plugin_dirs = [\"" << dir.plugins().string() << "\"]\n";
  const CommandResult result = joinery(
      dir, {"plugins", "list", "-config", config.string(), "-plugin-dir", flagged.string()});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("search path (the first file to provide a name wins):\n  " +
                                    flagged.string() + "\n  " + dir.plugins().string() + "\n"));
  EXPECT_THAT(result.out, HasSubstr("provider good: "));

  std::ofstream(config) << "plugin_dir = \"/opt\"\n";
  const CommandResult bad = joinery(dir, {"plugins", "list", "--config", config.string()});
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.err, HasSubstr("unknown key 'plugin_dir' (did you mean 'plugin_dirs'?)"));
}

TEST(PluginsList, ReportsAnEmptyPluginDirectoryAndStillSucceeds) {
  PluginDir dir;
  const CommandResult result = joinery(dir, {"plugins", "list", "--plugin-dir", dir.plugins()});
  EXPECT_EQ(result.status, 0);
  EXPECT_THAT(result.out, HasSubstr("refused " + dir.plugins().string() +
                                    ":\n  plugin directory holds no plugin files"));
  EXPECT_THAT(result.out, HasSubstr("provider static"));
}

TEST(PluginsList, RejectsUnknownOptionsWithUsageStatus) {
  PluginDir dir;
  const CommandResult result = joinery(dir, {"plugins", "list", "--plugin-dri", "x"});
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.err, HasSubstr("unrecognised option '--plugin-dri'"));
  EXPECT_THAT(joinery(dir, {"plugins", "frobnicate"}).status, 2);
  EXPECT_THAT(joinery(dir, {"plugins"}).status, 2);
}

TEST(PluginsHelp, HasExamples) {
  PluginDir dir;
  const CommandResult result = joinery(dir, {"plugins", "--help"});
  EXPECT_EQ(result.status, 0);
  EXPECT_THAT(result.out, HasSubstr("Examples:\n  joinery plugins list\n"));
  EXPECT_EQ(joinery(dir, {"plugins", "list", "-help"}).status, 0);
}

TEST(PluginsInspect, ShowsOneFileInFull) {
  PluginDir dir;
  const CommandResult result = joinery(dir, {"plugins", "inspect", bundled("log").string()});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("backend log: logs the addresses it is given and succeeds"));
  EXPECT_THAT(result.out, HasSubstr("    record  string  a file to append"));
  EXPECT_THAT(result.out, HasSubstr("  help:\n    backend = \"log\"\n"));
}

TEST(PluginsInspect, FindsTheFileOfANamedProvider) {
  PluginDir dir;
  dir.add(fixture("good"));
  const CommandResult result =
      joinery(dir, {"plugins", "inspect", "good", "--json", "--plugin-dir", dir.plugins()});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json.at("file"), (dir.plugins() / "joinery-fixture-good.so").string());
  EXPECT_EQ(json.at("plugin_id"), "org.joinery.fixture.good");
  EXPECT_EQ(json.at("providers").at(0).at("name"), "good");
}

TEST(PluginsInspect, ExitsWithPluginErrorForARefusedFile) {
  PluginDir dir;
  const auto file = dir.add(fixture("short-entry"));
  const CommandResult result = joinery(dir, {"plugins", "inspect", file.string()});
  EXPECT_EQ(result.status, 3);
  EXPECT_THAT(result.out, HasSubstr("refused " + file.string() +
                                    ":\n  its joinery_plugin_entry "
                                    "declares struct_size 12 bytes"));
  const CommandResult json = joinery(dir, {"plugins", "inspect", file.string(), "--json"});
  EXPECT_EQ(json.status, 3);
  EXPECT_THAT(nlohmann::json::parse(json.out).at("refused").at(0).at("reason").get<std::string>(),
              HasSubstr("rebuild against joinery plugin ABI 1.x"));
}

TEST(PluginsInspect, ExitsWithPluginErrorForAnUnknownName) {
  PluginDir dir;
  const CommandResult result = joinery(dir, {"plugins", "inspect", "nosuchprovider"});
  EXPECT_EQ(result.status, 3);
  EXPECT_THAT(result.err, HasSubstr("'nosuchprovider' is neither a file nor the name"));
}

}  // namespace
