// sudo's rule for plugin files, checked on real files and directories with real
// modes and owners; SHA-256 pins; when the environment may name plugin directories.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "support/plugin_dir.hpp"
#include "support/temp_dir.hpp"
#include "support/unprivileged.hpp"
#include "trust/plugin_trust.hpp"
#include "trust_modes.hpp"

namespace joinery::plugins {
namespace {

using test::add_bundled;
using test::make_directory;
using test::PluginDir;
using test::set_mode;
using testing::AllOf;
using testing::HasSubstr;
using testing::IsEmpty;

const ProcessPrivilege root{0, false};

// Why the verdict refuses, as the operator reads it under the file's name; empty when
// it accepts.
std::string reason_of(const Result<> &verdict) {
  return verdict ? std::string() : verdict.error().reason();
}
const ProcessPrivilege user{1000, false};
const ProcessPrivilege set_uid_root{0, true};

// The rule is about root; these tests give the files root's ownership by running as it.
class PluginTrust : public testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: files of other owners are made with chown";
    file_ = add_bundled(dir_, "static");
  }

  PluginDir dir_;
  std::filesystem::path file_;
};

TEST_F(PluginTrust, AcceptsARootOwnedFileNobodyElseCanWrite) {
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)), IsEmpty());
  EXPECT_THAT(reason_of(untrusted_directory(dir_.plugins(), root)), IsEmpty());
}

TEST_F(PluginTrust, RefusesAGroupWritableFileNamingTheModeAndTheFix) {
  set_mode(file_, 0664);
  EXPECT_EQ(reason_of(untrusted_plugin_file(file_, {}, root)),
            "is writable by group (mode 0664): joinery runs as root and loads plugins only from "
            "files and directories no one but root can change; run `chmod go-w " +
                file_.string() + "`");
}

TEST_F(PluginTrust, RefusesAWorldWritableFile) {
  set_mode(file_, 0646);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)),
              HasSubstr("is writable by others (mode 0646)"));
  set_mode(file_, 0777);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)),
              HasSubstr("is writable by group and others (mode 0777)"));
}

TEST_F(PluginTrust, RefusesAFileOwnedByAnotherUser) {
  ASSERT_EQ(::chown(file_.c_str(), test::unprivileged_uid, 0), 0);
  EXPECT_EQ(reason_of(untrusted_plugin_file(file_, {}, root)),
            "is owned by uid 65534 (nobody), not root: joinery runs as root and loads plugins "
            "only from files and directories no one but root can change; check what is in it, "
            "then run `chown root " +
                file_.string() + "`");
}

TEST_F(PluginTrust, NamesBothProblemsOfOneFileAndOneCommandForBoth) {
  ASSERT_EQ(::chown(file_.c_str(), test::unprivileged_uid, 0), 0);
  set_mode(file_, 0775);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)),
              AllOf(HasSubstr("is owned by uid 65534 (nobody), not root, and writable by group "
                              "(mode 0775)"),
                    HasSubstr("run `chown root " + file_.string() + " && chmod go-w " +
                              file_.string() + "`")));
}

TEST_F(PluginTrust, RefusesAFileInAGroupWritableDirectory) {
  set_mode(dir_.plugins(), 0775);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)),
              AllOf(HasSubstr("directory " + dir_.plugins().string() +
                              " on its path is writable by group (mode 0775)"),
                    HasSubstr("run `chmod go-w " + dir_.plugins().string() + "`")));
  EXPECT_THAT(reason_of(untrusted_directory(dir_.plugins(), root)),
              HasSubstr("is writable by group (mode 0775)"));
}

TEST_F(PluginTrust, RefusesAFileBelowADirectoryOwnedByAnotherUser) {
  ASSERT_EQ(::chown(dir_.root().c_str(), test::unprivileged_uid, 0), 0);
  const std::string expected =
      "directory " + dir_.root().string() + " on its path is owned by uid 65534 (nobody)";
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)), HasSubstr(expected));
  EXPECT_THAT(reason_of(untrusted_directory(dir_.plugins(), root)), HasSubstr(expected));
}

// /tmp is world-writable but sticky: only root may rename what root owns in it.
TEST_F(PluginTrust, AllowsAStickyWorldWritableDirectoryAboveThePlugins) {
  set_mode(dir_.root(), 01777);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)), IsEmpty());
  set_mode(dir_.root(), 0777);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)),
              HasSubstr("directory " + dir_.root().string() +
                        " on its path is writable by group and others (mode 0777)"));
}

// Anyone could add a file (or a link to some root-owned library) to it.
TEST_F(PluginTrust, RefusesAStickyWorldWritablePluginDirectory) {
  set_mode(dir_.plugins(), 01777);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, root)),
              HasSubstr("on its path is writable by group and others (mode 1777)"));
  EXPECT_THAT(reason_of(untrusted_directory(dir_.plugins(), root)),
              HasSubstr("is writable by group and others (mode 1777)"));
}

TEST_F(PluginTrust, FollowsSymbolicLinksAndChecksWhereTheyLead) {
  const auto elsewhere = make_directory(dir_, "elsewhere");
  const auto real = elsewhere / "real.so";
  std::filesystem::copy_file(file_, real);
  const auto link = dir_.plugins() / "joinery-linked.so";
  std::filesystem::create_symlink("../elsewhere/real.so", link);
  EXPECT_THAT(reason_of(untrusted_plugin_file(link, {}, root)), IsEmpty());

  set_mode(elsewhere, 0777);
  EXPECT_THAT(reason_of(untrusted_plugin_file(link, {}, root)),
              HasSubstr("directory " + elsewhere.string() + " on its path is writable"));
  set_mode(elsewhere, 0755);
  set_mode(real, 0666);
  EXPECT_THAT(
      reason_of(untrusted_plugin_file(link, {}, root)),
      HasSubstr("link target " + real.string() + " is writable by group and others (mode 0666)"));
}

TEST_F(PluginTrust, ChecksALinkedPluginDirectoryWhereItLeads) {
  const auto real = make_directory(dir_, "real-plugins");
  const auto link = dir_.root() / "plugins-link";
  std::filesystem::create_directory_symlink(real, link);
  EXPECT_THAT(reason_of(untrusted_directory(link, root)), IsEmpty());
  set_mode(real, 0757);
  EXPECT_THAT(reason_of(untrusted_directory(link, root)),
              HasSubstr("directory " + real.string() + " on its path is writable by others"));
}

TEST_F(PluginTrust, DoesNotApplyTheOwnershipRuleWhenNotRoot) {
  set_mode(file_, 0666);
  set_mode(dir_.plugins(), 0777);
  EXPECT_THAT(reason_of(untrusted_plugin_file(file_, {}, user)), IsEmpty());
  EXPECT_THAT(reason_of(untrusted_directory(dir_.plugins(), user)), IsEmpty());
}

// The same, seen by a real unprivileged process (ProcessPrivilege::current()).
TEST_F(PluginTrust, AnUnprivilegedProcessLoadsWhatItCanRead) {
  set_mode(dir_.root(), 0755);
  set_mode(file_, 0666);
  const std::string out = test::as_unprivileged_user([&] {
    const std::string problem = reason_of(untrusted_plugin_file(file_, {}));
    return problem.empty() ? std::string("trusted") : problem;
  });
  EXPECT_EQ(out, "trusted");
}

TEST(FileSha256, IsTheStandardDigestInLowercaseHex) {
  test::TempDir dir;
  EXPECT_EQ(file_sha256(dir.write("abc", "abc")).value_or(""),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(file_sha256(dir.write("empty", "")).value_or(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const Result<std::string> missing = file_sha256(dir.path() / "missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().what, "No such file or directory");
}

TEST(Sha256Pin, LoadsAFileWithThePinnedHashAndRefusesAnyOther) {
  test::TempDir dir;
  const auto file = dir.write("joinery-acme.so", "abc");
  TrustPolicy policy;
  policy.sha256_pins["joinery-acme"] = {
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "a.toml:3:16"};
  EXPECT_THAT(reason_of(untrusted_plugin_file(file, policy, user)), IsEmpty());

  dir.write("joinery-acme.so", "abd");
  EXPECT_EQ(reason_of(untrusted_plugin_file(file, policy, user)),
            "its SHA-256 is a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9, but "
            "plugin_sha256 pins 'joinery-acme' to "
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (a.toml:3:16): it is "
            "not the file the pin was made for; install the pinned file, or, if you trust this "
            "one, pin its hash (`sha256sum " +
                file.string() + "`)");
}

// Hashing read the whole file: a huge (sparse) one took as long as its size.
TEST(Sha256Pin, APinnedFileOverTheHashCapIsRefusedWithoutReadingIt) {
  test::TempDir dir;
  const auto file = dir.write("joinery-acme.so", "");
  ASSERT_EQ(::truncate(file.c_str(), static_cast<off_t>(max_hashed_file_bytes) + 1), 0);
  TrustPolicy policy;
  policy.sha256_pins["joinery-acme"] = {std::string(64, '0'), ""};
  EXPECT_EQ(reason_of(untrusted_plugin_file(file, policy, user)),
            "cannot be read to check its plugin_sha256 pin: larger than 1 GiB");
}

TEST(Sha256Pin, AppliesByFileNameInEveryDirectory) {
  test::TempDir dir;
  TrustPolicy policy;
  policy.sha256_pins["joinery-acme"] = {std::string(64, '0'), ""};
  EXPECT_THAT(reason_of(untrusted_plugin_file(dir.write("a/joinery-acme.so", "x"), policy, user)),
              HasSubstr("pins 'joinery-acme'"));
  EXPECT_THAT(reason_of(untrusted_plugin_file(dir.write("b/joinery-acme.so", "y"), policy, user)),
              HasSubstr("pins 'joinery-acme'"));
  EXPECT_THAT(reason_of(untrusted_plugin_file(dir.write("b/joinery-other.so", "y"), policy, user)),
              IsEmpty());
}

TEST(Sha256Pin, AcceptsOnlySixtyFourHexDigits) {
  EXPECT_TRUE(is_sha256_hex(std::string(64, 'a')));
  EXPECT_TRUE(is_sha256_hex(std::string(32, 'F') + std::string(32, '9')));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a')));
  EXPECT_FALSE(is_sha256_hex(std::string(65, 'a')));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a') + "g"));
  EXPECT_FALSE(is_sha256_hex(""));
}

TEST(EnvironmentTrust, IsTrustedForAnOrdinaryUser) {
  EXPECT_THAT(reason_of(environment_distrust({}, user)), IsEmpty());
}

TEST(EnvironmentTrust, IsNotTrustedByRootUnlessAllowed) {
  EXPECT_THAT(reason_of(environment_distrust({}, root)), HasSubstr("pass --allow-env-plugin-path"));
  EXPECT_THAT(reason_of(environment_distrust({.allow_environment = true}, root)), IsEmpty());
}

TEST(EnvironmentTrust, IsNeverTrustedWhenSetUidWhateverTheFlag) {
  EXPECT_THAT(reason_of(environment_distrust({.allow_environment = true}, set_uid_root)),
              HasSubstr("set-uid"));
  EXPECT_THAT(reason_of(environment_distrust({.allow_environment = true}, {1000, true})),
              HasSubstr("set-uid"));
}

TEST(EnvironmentTrust, SeesThatThisTestIsNotSetUid) {
  EXPECT_FALSE(ProcessPrivilege::current().secure_execution);
  EXPECT_EQ(ProcessPrivilege::current().effective_uid, ::geteuid());
}

}  // namespace
}  // namespace joinery::plugins
