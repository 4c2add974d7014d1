// Vendors build plugins out of tree: against the SDK that `cmake --install` puts in
// a prefix, with CMake (examples/vendor-plugin) or with gcc alone (plain C), and the
// host loads what they built. Slower than the rest (a cmake configure and build):
// label "install".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plugin_dir.hpp"
#include "plugins/registry.hpp"
#include "support/child_process.hpp"
#include "support/paths.hpp"

namespace {

using joinery::test::CommandResult;
using joinery::test::run;
using joinery::test::TempDir;
using testing::HasSubstr;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

CommandResult checked(std::vector<std::string> argv,
                      joinery::test::ChildProcess::Options options = {}) {
  const CommandResult result = run(argv, 240s, std::move(options));
  std::string command;
  for (const auto &arg : argv) command += arg + " ";
  EXPECT_EQ(result.status, 0) << command << "\n" << result.out << result.err;
  return result;
}

// This build, installed into a fresh prefix.
class InstalledJoinery : public testing::Test {
 protected:
  void SetUp() override {
    checked({JOINERY_TEST_CMAKE, "--install", joinery::test::build_dir().string(), "--prefix",
             prefix_.string()});
    ASSERT_TRUE(fs::exists(prefix_ / "include/joinery/plugin.h"));
  }

  // The installed binary, with its cache kept in the temporary directory (as root,
  // `joinery plugins` reads XDG_CACHE_HOME only with --allow-env-plugin-path).
  CommandResult installed_joinery(std::vector<std::string> args) {
    if (args.size() >= 2 && args[0] == "plugins") {
      args.insert(args.begin() + 2, "--allow-env-plugin-path");
    }
    args.insert(args.begin(), (prefix_ / "bin/joinery").string());
    joinery::test::ChildProcess::Options options;
    options.env = {{"XDG_CACHE_HOME", (dir_.path() / "cache").string()},
                   {"JOINERY_PLUGIN_PATH", ""}};
    return run(args, 30s, options);
  }

  TempDir dir_;
  fs::path prefix_ = dir_.path() / "prefix";
};

TEST_F(InstalledJoinery, FindsItsBundledPluginsRelativeToTheBinary) {
  const CommandResult result = installed_joinery({"plugins", "list"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("provider static"));
  EXPECT_THAT(result.out, HasSubstr("  file:    " + (prefix_ / "lib").string()));
}

TEST_F(InstalledJoinery, LoadsAVendorPluginBuiltWithFindPackage) {
  const fs::path build = dir_.path() / "vendor-build";
  checked({JOINERY_TEST_CMAKE, "-S",
           (joinery::test::source_dir() / "examples/vendor-plugin").string(), "-B", build.string(),
           "-G", JOINERY_TEST_GENERATOR, "-DCMAKE_PREFIX_PATH=" + prefix_.string(),
           "-DCMAKE_INSTALL_PREFIX=" + prefix_.string(),
           std::string("-DCMAKE_CXX_COMPILER=") + JOINERY_TEST_CXX_COMPILER,
           // Under the sanitizers the plugin takes the shared C++ runtime, as the
           // bundled ones do there: a private static copy, unloaded with the
           // plugin, leaves its exception pool (72 KiB) to LeakSanitizer.
           std::string("-DJOINERY_SANITIZE=") + (JOINERY_TEST_SANITIZE ? "ON" : "OFF")});
  checked({JOINERY_TEST_CMAKE, "--build", build.string()});
  const fs::path plugin = build / "joinery-example.so";
  ASSERT_TRUE(fs::exists(plugin));

  const CommandResult inspected =
      installed_joinery({"plugins", "inspect", plugin.string(), "--json"});
  ASSERT_EQ(inspected.status, 0) << inspected.out << inspected.err;
  const auto json = nlohmann::json::parse(inspected.out);
  EXPECT_EQ(json.at("plugin_id"), "com.example.joinery.example");
  EXPECT_EQ(json.at("plugin_version"), "1.0.0");
  EXPECT_EQ(json.at("providers").at(0).at("name"), "example");
  EXPECT_EQ(json.at("providers").at(0).at("keys").at(1).at("default"), "8301");

  // Installed, it sits with the bundled plugins and `plugins list` shows it.
  checked({JOINERY_TEST_CMAKE, "--install", build.string()});
  EXPECT_TRUE(fs::exists(prefix_ / "lib/joinery/plugins/joinery-example.so") ||
              fs::exists(prefix_ / "lib64/joinery/plugins/joinery-example.so"));
  const CommandResult listed = installed_joinery({"plugins", "list"});
  EXPECT_THAT(listed.out, HasSubstr("provider example: adds a port"));

  // A staging prefix is honoured: the plugin lands under it, not in joinery's own
  // directory (an absolute destination would ignore --prefix).
  const fs::path stage = dir_.path() / "stage";
  fs::remove(prefix_ / "lib/joinery/plugins/joinery-example.so");
  fs::remove(prefix_ / "lib64/joinery/plugins/joinery-example.so");
  checked({JOINERY_TEST_CMAKE, "--install", build.string(), "--prefix", stage.string()});
  EXPECT_TRUE(fs::exists(stage / "lib/joinery/plugins/joinery-example.so") ||
              fs::exists(stage / "lib64/joinery/plugins/joinery-example.so"));
  EXPECT_FALSE(fs::exists(prefix_ / "lib/joinery/plugins/joinery-example.so") ||
               fs::exists(prefix_ / "lib64/joinery/plugins/joinery-example.so"));

  // And it works: the host calls it.
  joinery::plugins::SearchPath path;
  path.directories = {build};
  joinery::plugins::Registry registry(path);
  const auto provider = registry.find_provider("example");
  ASSERT_NE(provider, nullptr);
  joinery::plugins::CallContext call(joinery::plugins::CallContext::Options{});
  std::vector<std::string> found;
  const auto config =
      joinery::plugins::with_defaults(provider->keys(), {{"hosts", "10.0.0.1,fd00::1"}});
  const auto outcome = provider->discover(call, config, found);
  EXPECT_TRUE(outcome.ok()) << outcome.message;
  EXPECT_EQ(found, (std::vector<std::string>{"10.0.0.1:8301", "[fd00::1]:8301"}));
}

TEST_F(InstalledJoinery, LoadsAPlainCPluginBuiltWithGccAlone) {
  // Only the C source and the installed header: no CMake, no C++, no source tree.
  const fs::path source = dir_.path() / "c_provider.c";
  fs::copy_file(joinery::test::source_dir() / "tests/plugin_abi/fixtures/c_provider.c", source);
  const fs::path plugins = dir_.path() / "plugins";
  fs::create_directories(plugins);
  const fs::path plugin = plugins / "joinery-c-example.so";
  joinery::test::ChildProcess::Options options;
  options.env = {
      {"PKG_CONFIG_PATH", (prefix_ / JOINERY_TEST_INSTALL_LIBDIR / "pkgconfig").string()}};
  checked({"sh", "-c",
           "gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -shared -fPIC -fvisibility=hidden "
           "$(pkg-config --cflags joinery-plugin) " +
               source.string() + " -o " + plugin.string() + " $(pkg-config --libs joinery-plugin)"},
          options);
  ASSERT_TRUE(fs::exists(plugin));

  const CommandResult inspected = installed_joinery({"plugins", "inspect", plugin.string()});
  EXPECT_EQ(inspected.status, 0) << inspected.out << inspected.err;
  EXPECT_THAT(inspected.out, HasSubstr("provider c_example: returns the address it is given"));
  EXPECT_THAT(inspected.out, HasSubstr("plugin:  org.joinery.example.c 1.0.0 (ABI 1.0)"));

  joinery::plugins::SearchPath path;
  path.directories = {plugins};
  joinery::plugins::Registry registry(path);
  const auto provider = registry.find_provider("c_example");
  ASSERT_NE(provider, nullptr);
  joinery::plugins::CallContext call(joinery::plugins::CallContext::Options{});
  std::vector<std::string> found;
  EXPECT_TRUE(provider->discover(call, {{"addrs", "[::1]:8301"}}, found).ok());
  EXPECT_EQ(found, std::vector<std::string>{"[::1]:8301"});
}

}  // namespace
