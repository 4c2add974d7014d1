// The trust rules through the real joinery binary: `plugins list` and `inspect`,
// `validate`, the environment as root, and a set-uid copy started by nobody.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/unprivileged.hpp"
#include "trust/plugin_trust.hpp"
#include "trust_modes.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;
using test::add_bundled;
using test::CommandResult;
using test::PluginDir;
using test::set_mode;
using testing::Contains;
using testing::HasSubstr;
using testing::Not;

CommandResult joinery(std::vector<std::string> args, test::ChildProcess::Options options = {}) {
  args.insert(args.begin(), test::joinery_binary().string());
  return test::run(args, 20s, std::move(options));
}

std::vector<std::string> search_path_of(const CommandResult &result) {
  const auto json = nlohmann::json::parse(result.out, nullptr, false);
  if (!json.is_object() || !json.contains("search_path")) return {"not JSON: " + result.out};
  return json["search_path"].get<std::vector<std::string>>();
}

class TrustCommand : public testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "these rules are about joinery run as root";
    set_mode(dir_.root(), 0755);
    environment_dir_ = test::make_directory(dir_, "from-env");
  }

  // Keeps the test's own cache only where the environment is trusted.
  test::ChildProcess::Options with_plugin_path() const {
    return {.env = {{"JOINERY_PLUGIN_PATH", environment_dir_.string()},
                    {"XDG_CACHE_HOME", (dir_.root() / "cache").string()}}};
  }

  PluginDir dir_;
  std::filesystem::path environment_dir_;
};

TEST_F(TrustCommand, RootIgnoresJoineryPluginPathAndLogsWhy) {
  const CommandResult r = joinery({"plugins", "list", "--json"}, with_plugin_path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(search_path_of(r), Not(Contains(environment_dir_.string())));
  EXPECT_THAT(r.err, HasSubstr("ignoring JOINERY_PLUGIN_PATH: joinery runs as root; pass "
                               "--allow-env-plugin-path to use it"));
}

TEST_F(TrustCommand, RootReadsJoineryPluginPathWithTheFlag) {
  const CommandResult r =
      joinery({"plugins", "list", "--json", "--allow-env-plugin-path"}, with_plugin_path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(search_path_of(r), Contains(environment_dir_.string()));
  EXPECT_THAT(r.err, Not(HasSubstr("ignoring")));
}

TEST_F(TrustCommand, DiscoverTakesTheFlagToo) {
  add_bundled(dir_, "static");
  auto options = with_plugin_path();
  options.env["JOINERY_PLUGIN_PATH"] = dir_.plugins().string();
  const CommandResult r =
      joinery({"discover", "--allow-env-plugin-path", "provider=static addrs=10.0.0.1"}, options);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.0.1\n");
  EXPECT_THAT(r.err, Not(HasSubstr("ignoring")));
}

// A set-uid joinery started by an ordinary user: its environment is that user's, and
// so are its arguments. It refuses to run at all (config_trust_test.cpp has the case of
// a caller's --config), so the environment is never read whatever the flag says.
TEST_F(TrustCommand, ASetUidJoineryRefusesToRunSoItNeverReadsTheEnvironment) {
  const auto bin = test::make_directory(dir_, "bin");
  const auto copy = bin / "joinery";
  std::filesystem::copy_file(test::joinery_binary(), copy);
  ASSERT_EQ(::chown(copy.c_str(), 0, 0), 0);
  set_mode(copy, 04755);
  auto options = with_plugin_path();
  // In the sanitizer build: LeakSanitizer cannot inspect a set-uid process (it is not
  // dumpable) and would fail its exit.
  options.env["ASAN_OPTIONS"] = "detect_leaks=0";
  const CommandResult r =
      test::run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", copy.string(),
                 "plugins", "list", "--json", "--allow-env-plugin-path"},
                20s, options);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, Not(HasSubstr(environment_dir_.string())));
  EXPECT_THAT(r.err, HasSubstr("joinery: refusing to run set-uid or set-gid (real uid 65534, "
                               "effective uid 0)"));
}

TEST_F(TrustCommand, PluginsListShowsWhyAGroupWritableFileIsRefused) {
  const auto file = add_bundled(dir_, "static");
  set_mode(file, 0775);
  const CommandResult r = joinery({"plugins", "list", "--plugin-dir", dir_.plugins().string()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("refused " + file.string() +
                               ":\n  is writable by group (mode 0775): joinery runs as root"));
  EXPECT_THAT(r.out, HasSubstr("run `chmod go-w " + file.string() + "`"));
}

TEST_F(TrustCommand, InspectRefusesAFileWhosePinDoesNotMatch) {
  const auto file = add_bundled(dir_, "static");
  const auto config = dir_.root() / "pins.toml";
  const std::string pinned(64, 'e');
  std::ofstream(config) << "plugin_sha256 = { joinery-static = \"" << pinned << "\" }\n";
  const std::string actual = plugins::file_sha256(file).value();
  const CommandResult r =
      joinery({"plugins", "inspect", file.string(), "--config", config.string()});
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("its SHA-256 is " + actual + ", but plugin_sha256 pins " +
                        "'joinery-static' to " + pinned + " (" + config.string() + ":1:36)"));
}

TEST_F(TrustCommand, ValidateNamesThePinnedFileItRefused) {
  const auto file = add_bundled(dir_, "static");
  const auto config = dir_.root() / "joinery.toml";
  std::ofstream(config) << "retry_join = [\"provider=static addrs=10.0.0.1\"]\n"
                        << "plugin_dirs = [\"" << dir_.plugins().string() << "\"]\n"
                        << "[join.lan]\nbackend = \"log\"\n"
                        << "[plugin_sha256]\njoinery-static = \"" << std::string(64, 'e') << "\"\n";
  const CommandResult r = joinery({"validate", "--config", config.string()});
  EXPECT_NE(r.status, 0);
  EXPECT_THAT(r.err, HasSubstr("refused plugin file " + file.string() + ": its SHA-256 is "));
}

TEST_F(TrustCommand, RunLoadsAPluginWithTheRightPin) {
  const auto file = add_bundled(dir_, "static");
  const std::string actual = plugins::file_sha256(file).value();
  const auto config = dir_.root() / "joinery.toml";
  std::ofstream(config) << "plugin_dirs = [\"" << dir_.plugins().string() << "\"]\n"
                        << "[plugin_sha256]\njoinery-static = \"" << actual << "\"\n";
  const CommandResult r =
      joinery({"discover", "--config", config.string(), "provider=static addrs=10.0.0.1"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.0.1\n");
}

}  // namespace
}  // namespace joinery
