// The configuration file read when no --config or --config-dir is given. It lives in
// the install prefix's sysconfdir, which a test must not write to: each test runs
// joinery in a private mount namespace (unshare -m, as root) with a tmpfs over that
// directory, so the file exists only for that one process.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;

// `joinery ARGS...` with `toml` (when given) as the default configuration file.
test::CommandResult with_default_file(const std::optional<std::string> &toml,
                                      std::vector<std::string> args) {
  const std::filesystem::path file = JOINERY_TEST_DEFAULT_CONFIG_FILE;
  const std::filesystem::path etc = file.parent_path().parent_path();
  std::string script = "set -e; mkdir -p '" + etc.string() + "'; mount -t tmpfs joinery-test '" +
                       etc.string() + "'; mkdir '" + file.parent_path().string() + "'; ";
  if (toml) script += "printf '%s' \"$1\" > '" + file.string() + "'; ";
  script += "shift; exec \"$@\"";
  std::vector<std::string> argv{"unshare", "-m", "--propagation",   "private",          "sh", "-c",
                                script,    "sh", toml.value_or(""), JOINERY_TEST_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run(argv, 30s);
}

class DefaultConfigFile : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root for a private mount namespace";
  }
};

TEST_F(DefaultConfigFile, IsReadWhenNoConfigIsGiven) {
  const test::CommandResult result = with_default_file(
      "retry_join = [\"10.0.0.7\"]\n[join.lan]\nbackend = \"log\"\n", {"validate"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("read " JOINERY_TEST_DEFAULT_CONFIG_FILE "\n"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("  10.0.0.7\n"), std::string::npos) << result.out;
}

TEST_F(DefaultConfigFile, IsNotReadWhenAConfigIsGiven) {
  const test::TempDir dir;
  const test::CommandResult result = with_default_file(
      "retry_join = [\"10.0.0.7\"]\n",
      {"validate", "--config", dir.write("empty.toml", "").string(), "--join-backend", "log"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out.find("10.0.0.7"), std::string::npos) << result.out;
}

TEST_F(DefaultConfigFile, ItsMistakesAreReportedWithItsName) {
  const test::CommandResult result = with_default_file("retry_jion = 1\n", {"validate"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find(JOINERY_TEST_DEFAULT_CONFIG_FILE ":1:1: unknown key 'retry_jion'"),
            std::string::npos)
      << result.err;
}

TEST_F(DefaultConfigFile, ItsAbsenceIsNotAnError) {
  const test::CommandResult result = with_default_file(
      std::nullopt, {"validate", "-retry-join", "10.0.0.1", "--join-backend", "log"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out.find("read "), std::string::npos) << result.out;
}

}  // namespace
}  // namespace joinery
