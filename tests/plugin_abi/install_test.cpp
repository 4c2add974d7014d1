// Vendors build plugins out of tree: against the SDK that `cmake --install` puts in
// a prefix, with CMake (the installed templates, plugin_api/templates) or with gcc
// alone (plain C), and the host loads what they built. Slower than the rest (a cmake configure and
// build): label "install".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "catalog/registry.hpp"
#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/plugin_dir.hpp"
#include "support/silent_listener.hpp"

namespace {

using joinery::test::CommandResult;
using joinery::test::run;
using joinery::test::SilentListener;
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

// This build installed into `prefix`.
void install_joinery(const fs::path &prefix) {
  checked({JOINERY_TEST_CMAKE, "--install", joinery::test::build_dir().string(), "--prefix",
           prefix.string()});
  ASSERT_TRUE(fs::exists(prefix / "include/joinery/plugin.h"));
}

// The binary installed in `prefix`, with its cache kept in `cache` (as root, `joinery
// plugins` reads XDG_CACHE_HOME only with --allow-env-plugin-path).
CommandResult run_installed(const fs::path &prefix, const fs::path &cache,
                            std::vector<std::string> args) {
  if (args.size() >= 2 && args[0] == "plugins") {
    args.insert(args.begin() + 2, "--allow-env-plugin-path");
  }
  args.insert(args.begin(), (prefix / "bin/joinery").string());
  joinery::test::ChildProcess::Options options;
  options.env = {{"XDG_CACHE_HOME", cache.string()}, {"JOINERY_PLUGIN_PATH", ""}};
  return run(args, 30s, options);
}

// This build, installed into a fresh prefix.
class InstalledJoinery : public testing::Test {
 protected:
  void SetUp() override { install_joinery(prefix_); }

  CommandResult installed_joinery(std::vector<std::string> args) {
    return run_installed(prefix_, dir_.path() / "cache", std::move(args));
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

// The four templates installed with the SDK (share/joinery/templates), copied out of the
// prefix and built as a vendor builds them: find_package(joinery) and nothing of the
// source tree. One CMake project adds all four, so the test configures once.
class InstalledTemplates : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    install_joinery(prefix());
    const fs::path installed = prefix() / "share/joinery/templates";
    ASSERT_TRUE(fs::exists(installed / "README.md"));
    fs::copy(installed, templates(), fs::copy_options::recursive);
    std::ofstream(templates() / "CMakeLists.txt")
        << "cmake_minimum_required(VERSION 3.16)\nproject(all_templates LANGUAGES C CXX)\n"
           "foreach(t provider-c provider-cpp backend-c backend-cpp)\n"
           "  add_subdirectory(${t})\nendforeach()\n";
    checked({JOINERY_TEST_CMAKE, "-S", templates().string(), "-B", build().string(), "-G",
             JOINERY_TEST_GENERATOR, "-DCMAKE_PREFIX_PATH=" + prefix().string(),
             "-DCMAKE_INSTALL_PREFIX=" + prefix().string(),
             "-DCMAKE_C_FLAGS=-Wall -Wextra -Wpedantic -Werror",
             "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Werror",
             std::string("-DCMAKE_C_COMPILER=") + JOINERY_TEST_C_COMPILER,
             std::string("-DCMAKE_CXX_COMPILER=") + JOINERY_TEST_CXX_COMPILER,
             // Under the sanitizers the C++ plugins take the shared C++ runtime, as the
             // bundled ones do there: a private static copy, unloaded with the plugin,
             // leaves its exception pool (72 KiB) to LeakSanitizer.
             std::string("-DJOINERY_SANITIZE=") + (JOINERY_TEST_SANITIZE ? "ON" : "OFF")});
    checked({JOINERY_TEST_CMAKE, "--build", build().string()});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static fs::path prefix() { return dir_->path() / "prefix"; }
  static fs::path templates() { return dir_->path() / "templates"; }
  static fs::path build() { return dir_->path() / "templates-build"; }

  static CommandResult installed_joinery(std::vector<std::string> args) {
    return run_installed(prefix(), dir_->path() / "cache", std::move(args));
  }

  // `joinery run` joining through the backend template built in `folder`.
  static CommandResult run_backend(const std::string &folder,
                                   const std::vector<std::string> &addresses) {
    std::vector<std::string> args = {"run",
                                     "--plugin-dir",
                                     (build() / folder).string(),
                                     "--join-backend",
                                     "acme",
                                     "-retry-max",
                                     "1",
                                     "-retry-interval",
                                     "10ms",
                                     "--log-level",
                                     "debug"};
    for (const std::string &address : addresses) args.insert(args.end(), {"-retry-join", address});
    return installed_joinery(args);
  }

  static TempDir *dir_;
};

TempDir *InstalledTemplates::dir_ = nullptr;

TEST_F(InstalledTemplates, BothProviderTemplatesFindTheirHostsWithAPort) {
  for (const char *folder : {"provider-c", "provider-cpp"}) {
    const CommandResult found =
        installed_joinery({"discover", "--plugin-dir", (build() / folder).string(),
                           "provider=acme hosts=10.0.0.1,fd00::1 port=8301"});
    EXPECT_EQ(found.status, 0) << folder << ": " << found.err;
    EXPECT_EQ(found.out, "10.0.0.1:8301 [fd00::1]:8301\n") << folder;

    const CommandResult invalid = installed_joinery(
        {"discover", "--plugin-dir", (build() / folder).string(), "provider=acme hosts=a port=0"});
    EXPECT_EQ(invalid.status, 2) << folder << ": " << invalid.err;
    EXPECT_THAT(invalid.err, HasSubstr("port: must be 1-65535")) << folder;
  }
  const CommandResult inspected = installed_joinery(
      {"plugins", "inspect", (build() / "provider-cpp/joinery-acme.so").string(), "--json"});
  ASSERT_EQ(inspected.status, 0) << inspected.out << inspected.err;
  const auto json = nlohmann::json::parse(inspected.out);
  EXPECT_EQ(json.at("plugin_id"), "com.example.acme");
  EXPECT_EQ(json.at("plugin_version"), "1.0.0");  // the project's VERSION
  EXPECT_EQ(json.at("providers").at(0).at("keys").at(1).at("default"), "8301");
}

TEST_F(InstalledTemplates, BothBackendTemplatesJoinWhatTheyCanReach) {
  const SilentListener listening;  // accepts TCP connections, says nothing
  for (const char *folder : {"backend-c", "backend-cpp"}) {
    // 127.0.0.1:1 refuses: a warning, and the attempt still succeeds through the other.
    const CommandResult joined = run_backend(folder, {listening.address(), "127.0.0.1:1"});
    EXPECT_EQ(joined.status, 0) << folder << ": " << joined.err;
    EXPECT_THAT(joined.err, HasSubstr("(LAN) joined: number_of_nodes=1")) << folder;
    EXPECT_THAT(joined.err, HasSubstr("LAN: cannot join 127.0.0.1:1: Connection refused"))
        << folder;

    const CommandResult refused = run_backend(folder, {"127.0.0.1:1"});
    EXPECT_EQ(refused.status, 1) << folder << ": " << refused.err;
    EXPECT_THAT(refused.err, HasSubstr("no address could be reached")) << folder;
  }
}

TEST_F(InstalledTemplates, InstallHonoursTheVendorsPrefix) {
  // A staging prefix is honoured: the plugins land under it, not in joinery's own
  // directory (an absolute destination would ignore --prefix).
  const fs::path stage = dir_->path() / "stage";
  checked({JOINERY_TEST_CMAKE, "--install", build().string(), "--prefix", stage.string()});
  for (const char *file : {"joinery-acme.so", "joinery-acme-backend.so"}) {
    EXPECT_TRUE(fs::exists(stage / "lib/joinery/plugins" / file) ||
                fs::exists(stage / "lib64/joinery/plugins" / file))
        << file;
    EXPECT_FALSE(fs::exists(prefix() / "lib/joinery/plugins" / file) ||
                 fs::exists(prefix() / "lib64/joinery/plugins" / file))
        << file;
  }
  // Installed into joinery's prefix, `plugins list` shows them beside the bundled ones.
  checked({JOINERY_TEST_CMAKE, "--install", build().string()});
  const CommandResult listed = installed_joinery({"plugins", "list"});
  EXPECT_THAT(listed.out, HasSubstr("provider acme: adds a port"));
  EXPECT_THAT(listed.out, HasSubstr("backend acme: joins each address it can reach by TCP"));
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
  const joinery::plugins::Discovered found = provider->discover(call, {{"addrs", "[::1]:8301"}});
  EXPECT_TRUE(found.result.ok());
  EXPECT_EQ(found.addresses, std::vector<std::string>{"[::1]:8301"});
}

}  // namespace
