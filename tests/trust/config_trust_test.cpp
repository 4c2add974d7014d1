// The plugin trust rule applied to configuration when joinery runs as root: a --config
// file, a --config-dir, the files in it and the directories above them must be root's
// alone, else nothing is read (exit 2) unless --allow-untrusted-config. And a set-uid or
// set-gid joinery refuses to run at all. Real files and directories with real owners
// and modes; the real binary for the exit statuses and the flag.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "config/loader.hpp"
#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"
#include "support/unprivileged.hpp"
#include "trust_modes.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;
using test::CommandResult;
using test::set_mode;
using testing::HasSubstr;
using testing::Not;

constexpr const char *config_text = "retry_join = [\"10.0.0.1\"]\n";

class ConfigTrust : public testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "these rules are about joinery run as root";
    set_mode(dir_.path(), 0755);
  }

  // A file root owns, mode 0644, in `dir` (the test's directory by default).
  std::filesystem::path root_file(const std::string &name,
                                  const std::filesystem::path &in = {}) const {
    const std::filesystem::path file = (in.empty() ? dir_.path() : in) / name;
    std::filesystem::create_directories(file.parent_path());
    dir_.write(std::filesystem::relative(file, dir_.path()).string(), config_text);
    set_mode(file, 0644);
    return file;
  }

  std::filesystem::path subdirectory(const std::string &name, mode_t mode) const {
    const std::filesystem::path made = dir_.path() / name;
    std::filesystem::create_directories(made);
    set_mode(made, mode);
    return made;
  }

  static config::Loaded load(std::vector<std::filesystem::path> paths,
                             bool allow_untrusted = false) {
    config::Sources sources;
    sources.paths = std::move(paths);
    sources.allow_untrusted = allow_untrusted;
    return config::load(sources);
  }

  static std::string problems_of(const config::Loaded &loaded) {
    std::string text;
    for (const Problem &problem : loaded.problems) text += problem.text() + "\n";
    return text;
  }

  static CommandResult joinery(std::vector<std::string> args) {
    args.insert(args.begin(), test::joinery_binary().string());
    return test::run(args, 20s);
  }

  test::TempDir dir_;
};

TEST_F(ConfigTrust, RootReadsAConfigurationOnlyRootCanChange) {
  const auto file = root_file("joinery.toml");
  const config::Loaded loaded = load({file});
  EXPECT_TRUE(loaded.config) << problems_of(loaded);
}

TEST_F(ConfigTrust, RootRefusesAFileNobodyOwnsNamingItAndTheFix) {
  const auto file = root_file("joinery.toml");
  ASSERT_EQ(::chown(file.c_str(), test::unprivileged_uid, test::unprivileged_uid), 0);
  const config::Loaded loaded = load({file});
  EXPECT_FALSE(loaded.config);
  EXPECT_EQ(problems_of(loaded),
            file.string() +
                ": not read: is owned by uid 65534 (nobody), not root: joinery runs "
                "as root and reads its configuration only from files and directories "
                "no one but root can change; check what is in it, then run `chown "
                "root " +
                file.string() +
                "` (or pass --allow-untrusted-config to read it anyway, if you trust whoever "
                "can change it)\n");
}

TEST_F(ConfigTrust, RootRefusesAWorldWritableFile) {
  const auto file = root_file("joinery.toml");
  set_mode(file, 0666);
  EXPECT_THAT(problems_of(load({file})),
              HasSubstr(file.string() + ": not read: is writable by group and others (mode "
                                        "0666)"));
}

TEST_F(ConfigTrust, RootRefusesAFileInAWorldWritableDirectory) {
  const auto open_dir = subdirectory("open", 0777);
  const auto file = root_file("joinery.toml", open_dir);
  EXPECT_THAT(problems_of(load({file})),
              HasSubstr(file.string() + ": not read: directory " + open_dir.string() +
                        " on its path is writable by group and others (mode 0777)"));
}

TEST_F(ConfigTrust, RootRefusesAWorldWritableConfigDirOnceWithoutCheckingItsFiles) {
  const auto open_dir = subdirectory("conf.d", 0777);
  root_file("a.toml", open_dir);
  root_file("b.toml", open_dir);
  const config::Loaded loaded = load({open_dir});
  ASSERT_EQ(loaded.problems.size(), 1u) << problems_of(loaded);
  EXPECT_THAT(
      loaded.problems.front().text(),
      HasSubstr(open_dir.string() + ": not read: is writable by group and others (mode 0777)"));
}

TEST_F(ConfigTrust, RootRefusesAFileNobodyOwnsInATrustedConfigDir) {
  const auto conf_dir = subdirectory("conf.d", 0755);
  root_file("a.toml", conf_dir);
  const auto foreign = root_file("b.toml", conf_dir);
  ASSERT_EQ(::chown(foreign.c_str(), test::unprivileged_uid, test::unprivileged_uid), 0);
  const config::Loaded loaded = load({conf_dir});
  ASSERT_EQ(loaded.problems.size(), 1u) << problems_of(loaded);
  EXPECT_THAT(loaded.problems.front().text(),
              HasSubstr(foreign.string() + ": not read: is owned by uid 65534 (nobody)"));
}

TEST_F(ConfigTrust, RootRefusesALinkInTheConfigDirToAFileOthersCanChange) {
  const auto conf_dir = subdirectory("conf.d", 0755);
  const auto elsewhere = root_file("elsewhere.toml");
  set_mode(elsewhere, 0646);
  std::filesystem::create_symlink(elsewhere, conf_dir / "a.toml");
  EXPECT_THAT(problems_of(load({conf_dir})),
              HasSubstr((conf_dir / "a.toml").string() + ": not read: link target " +
                        elsewhere.string() + " is writable by others (mode 0646)"));
}

TEST_F(ConfigTrust, TheOverrideReadsWhatRootWouldRefuse) {
  const auto open_dir = subdirectory("open", 0777);
  const auto file = root_file("joinery.toml", open_dir);
  set_mode(file, 0666);
  ASSERT_EQ(::chown(file.c_str(), test::unprivileged_uid, test::unprivileged_uid), 0);
  const config::Loaded loaded = load({file, open_dir}, /*allow_untrusted=*/true);
  EXPECT_TRUE(loaded.config) << problems_of(loaded);
}

TEST_F(ConfigTrust, AnOrdinaryUserReadsWhatRootWouldRefuse) {
  const auto file = root_file("joinery.toml");
  set_mode(file, 0666);
  config::Sources sources;
  sources.paths = {file};
  sources.privilege.effective_uid = test::unprivileged_uid;
  const config::Loaded loaded = config::load(sources);
  EXPECT_TRUE(loaded.config) << problems_of(loaded);
}

TEST_F(ConfigTrust, AMissingFileIsReportedAsMissing) {
  const auto file = dir_.path() / "absent.toml";
  EXPECT_EQ(problems_of(load({file})),
            file.string() + ": cannot read the configuration file: No such file or directory\n");
}

// The case the issue was filed for: an exec backend named by a configuration nobody
// owns, mode 0666, in a 0777 --config-dir: nothing is read, nothing runs, exit 2.
TEST_F(ConfigTrust, RunRefusesAnUntrustedConfigDirBeforeRunningAnything) {
  const auto open_dir = subdirectory("conf.d", 0777);
  const auto marker = dir_.path() / "ran";
  const auto file = open_dir / "evil.toml";
  dir_.write("conf.d/evil.toml",
             "retry_join = [\"10.0.0.1\"]\n[join.lan]\nbackend = \"exec\"\n"
             "command = \"touch " +
                 marker.string() + "\"\n");
  set_mode(file, 0666);
  ASSERT_EQ(::chown(file.c_str(), test::unprivileged_uid, test::unprivileged_uid), 0);
  const CommandResult r = joinery({"run", "--config-dir", open_dir.string()});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr(open_dir.string() + ": not read: is writable by group and "
                                                   "others (mode 0777)"));
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST_F(ConfigTrust, ValidateAndPluginsListTakeTheOverrideFlag) {
  const auto file = root_file("joinery.toml");
  set_mode(file, 0666);
  for (std::vector<std::string> command :
       {std::vector<std::string>{"validate"}, std::vector<std::string>{"plugins", "list"}}) {
    std::vector<std::string> refused = command;
    refused.insert(refused.end(), {"--config", file.string()});
    const CommandResult no = joinery(refused);
    EXPECT_EQ(no.status, 2) << command.front() << ": " << no.err;
    EXPECT_THAT(no.err, HasSubstr("not read: is writable by group and others"));

    std::vector<std::string> allowed = refused;
    allowed.push_back("--allow-untrusted-config");
    const CommandResult yes = joinery(allowed);
    EXPECT_EQ(yes.status, 0) << command.front() << ": " << yes.err;
    EXPECT_THAT(yes.err, Not(HasSubstr("not read")));
  }
}

TEST_F(ConfigTrust, TheHelpNamesTheOverrideFlag) {
  for (const char *command : {"run", "validate", "discover"}) {
    EXPECT_THAT(joinery({command, "--help"}).out, HasSubstr("--allow-untrusted-config")) << command;
  }
  EXPECT_THAT(joinery({"plugins", "--help"}).out, HasSubstr("--allow-untrusted-config"));
}

// A set-uid (or set-gid) copy started by nobody: refused before anything is read, so the
// caller's --config (naming an exec backend) never runs as root.
class SetIdCopy : public ConfigTrust, public testing::WithParamInterface<mode_t> {};

TEST_P(SetIdCopy, RefusesToRunBeforeReadingAnything) {
  const auto bin = subdirectory("bin", 0755);
  const auto copy = bin / "joinery";
  std::filesystem::copy_file(test::joinery_binary(), copy);
  ASSERT_EQ(::chown(copy.c_str(), 0, 0), 0);
  set_mode(copy, GetParam());
  const auto marker = dir_.path() / "ran";
  const auto config = dir_.write("caller.toml",
                                 "retry_join = [\"10.0.0.1\"]\n[join.lan]\n"
                                 "backend = \"exec\"\ncommand = \"touch " +
                                     marker.string() + "\"\n");
  set_mode(config, 0644);
  // In the sanitizer build: LeakSanitizer cannot inspect a set-uid process.
  const CommandResult r =
      test::run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", copy.string(),
                 "run", "--config", config.string(), "--allow-untrusted-config"},
                20s, {.env = {{"ASAN_OPTIONS", "detect_leaks=0"}}});
#ifdef __SANITIZE_ADDRESS__
  // Set-gid, the process cannot read its own /proc/self/environ (it is root's), so
  // LeakSanitizer never sees detect_leaks=0 and fails the exit after the refusal.
  const bool status_is_ours = GetParam() != 02755;
#else
  const bool status_is_ours = true;
#endif
  if (status_is_ours) {
    EXPECT_EQ(r.status, 2) << r.err;
  } else {
    EXPECT_NE(r.status, 0) << r.err;
  }
  EXPECT_THAT(r.err, HasSubstr("joinery: refusing to run set-uid or set-gid (real "));
  EXPECT_THAT(r.err, HasSubstr("remove the bits (`chmod u-s,g-s` on the executable)"));
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::filesystem::exists(marker));
}

INSTANTIATE_TEST_SUITE_P(SetUidAndSetGid, SetIdCopy, testing::Values(04755, 02755),
                         [](const auto &info) {
                           return info.param == 04755 ? std::string("SetUid")
                                                      : std::string("SetGid");
                         });

}  // namespace
}  // namespace joinery
