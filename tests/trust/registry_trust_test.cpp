// The registry applies the trust rules: refused files and directories are listed
// with their reasons and the others still load; pins are checked before a file's
// code runs; the environment names plugin directories only when it is trusted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "catalog/registry.hpp"
#include "support/log_capture.hpp"
#include "support/plugin_dir.hpp"
#include "support/scoped_env.hpp"
#include "support/unprivileged.hpp"
#include "trust_modes.hpp"

namespace joinery::plugins {
namespace {

using test::add_bundled;
using test::bundled;
using test::make_directory;
using test::PluginDir;
using test::refusal_of;
using test::ScopedEnv;
using test::set_mode;
using testing::HasSubstr;
using testing::IsEmpty;
using testing::Not;

std::string sha256_of(const std::filesystem::path &file) {
  const Result<std::string> digest = file_sha256(file);
  return digest ? *digest : digest.error().what;
}

class RegistryTrust : public testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "the ownership rule applies to root only";
  }
  PluginDir dir_;
};

TEST_F(RegistryTrust, RefusesAGroupWritableFileAndLoadsTheOthers) {
  const auto log = add_bundled(dir_, "log");
  add_bundled(dir_, "static");
  set_mode(log, 0775);
  Registry registry(dir_.search_path());
  registry.load_all();
  EXPECT_NE(registry.find_provider("static"), nullptr);
  EXPECT_EQ(registry.find_backend("log"), nullptr);
  EXPECT_THAT(refusal_of(registry, log), HasSubstr("is writable by group (mode 0775)"));
  EXPECT_THAT(registry.loaded_files(), testing::ElementsAre(dir_.plugins() / "joinery-static.so"));
}

TEST_F(RegistryTrust, RefusesAWorldWritablePluginDirectoryOnce) {
  const auto open_dir = make_directory(dir_, "open");
  std::filesystem::copy_file(bundled("log"), open_dir / "joinery-log.so");
  set_mode(open_dir, 0777);
  add_bundled(dir_, "static");
  auto path = dir_.search_path();
  path.directories.insert(path.directories.begin(), open_dir);
  Registry registry(path);
  registry.load_all();
  EXPECT_NE(registry.find_provider("static"), nullptr);
  EXPECT_EQ(registry.find_backend("log"), nullptr);
  EXPECT_THAT(refusal_of(registry, open_dir),
              HasSubstr("is writable by group and others (mode 0777)"));
  EXPECT_THAT(refusal_of(registry, open_dir / "joinery-log.so"), IsEmpty())
      << "the files of a refused directory are not looked at";
}

TEST_F(RegistryTrust, ANameFoundOnlyInAnUntrustedFileIsNotFoundAndTheReasonIsKept) {
  const auto file = add_bundled(dir_, "static");
  ASSERT_EQ(::chown(file.c_str(), test::unprivileged_uid, 0), 0);
  Registry registry(dir_.search_path());
  EXPECT_EQ(registry.find_provider("static"), nullptr);
  EXPECT_THAT(refusal_of(registry, file), HasSubstr("owned by uid 65534 (nobody), not root"));
}

// What a cache learnt while the file was trusted does not let it load afterwards.
TEST_F(RegistryTrust, ChecksAFileTheCacheAlreadyKnows) {
  const auto file = add_bundled(dir_, "static");
  auto path = dir_.search_path();
  ASSERT_NE(Registry(path).find_provider("static"), nullptr);
  set_mode(file, 0757);  // a mode change leaves size and mtime as they were
  Registry registry(path);
  EXPECT_EQ(registry.find_provider("static"), nullptr);
  EXPECT_THAT(refusal_of(registry, file), HasSubstr("writable by others (mode 0757)"));
}

TEST_F(RegistryTrust, AnUnprivilegedProcessLoadsAGroupWritableFile) {
  set_mode(dir_.root(), 0755);
  set_mode(add_bundled(dir_, "static"), 0664);
  set_mode(dir_.plugins(), 0775);
  const auto path = dir_.search_path();
  const std::string out = test::as_unprivileged_user([&] {
    Registry registry(path);
    return std::string(registry.find_provider("static") != nullptr ? "loaded" : "refused");
  });
  EXPECT_EQ(out, "loaded");
}

TEST_F(RegistryTrust, LoadsAPinnedFileWithItsHash) {
  const auto file = add_bundled(dir_, "static");
  auto path = dir_.search_path();
  path.trust.sha256_pins["joinery-static"] = {sha256_of(file), "test"};
  Registry registry(path);
  EXPECT_NE(registry.find_provider("static"), nullptr);
}

TEST_F(RegistryTrust, RefusesAPinnedFileWithAnotherHashBeforeRunningIt) {
  const auto file = add_bundled(dir_, "static");
  auto path = dir_.search_path();
  const std::string pinned(64, 'a');
  path.trust.sha256_pins["joinery-static"] = {pinned, "a.toml:2:18"};
  Registry registry(path);
  EXPECT_EQ(registry.find_provider("static"), nullptr);
  EXPECT_THAT(refusal_of(registry, file),
              HasSubstr("its SHA-256 is " + sha256_of(file) + ", but plugin_sha256 pins " +
                        "'joinery-static' to " + pinned + " (a.toml:2:18)"));
  EXPECT_FALSE(test::is_loaded(file)) << "refused before dlopen";
}

// A pin of the wrong name pins nothing: say so rather than stay silent.
TEST_F(RegistryTrust, WarnsOfAPinNamingNoFileOnTheSearchPath) {
  add_bundled(dir_, "static");
  auto path = dir_.search_path();
  path.trust.sha256_pins["joinery-statik"] = {std::string(64, 'a'), "a.toml:2:1"};
  const std::string log = test::capture_log([&] { Registry(path).find_provider("static"); });
  EXPECT_THAT(log, HasSubstr("plugin_sha256 names a file that is not on the plugin search path"));
  EXPECT_THAT(log, HasSubstr("name=joinery-statik"));
  EXPECT_THAT(log, HasSubstr("origin=a.toml:2:1"));
}

TEST_F(RegistryTrust, RootIgnoresJoineryPluginPathAndSaysSo) {
  ScopedEnv env("JOINERY_PLUGIN_PATH", "/from/the/environment");
  SearchPath path;
  const std::string log = test::capture_log([&] { path = SearchPath::standard({"/flag"}, {}); });
  EXPECT_THAT(path.directories,
              Not(testing::Contains(std::filesystem::path("/from/the/environment"))));
  EXPECT_EQ(path.directories.front(), "/flag");
  EXPECT_THAT(log, HasSubstr("ignoring JOINERY_PLUGIN_PATH: joinery runs as root; pass "
                             "--allow-env-plugin-path to use it"));
  EXPECT_THAT(log, HasSubstr("JOINERY_PLUGIN_PATH=/from/the/environment"));
}

TEST_F(RegistryTrust, RootReadsJoineryPluginPathWhenAllowed) {
  ScopedEnv env("JOINERY_PLUGIN_PATH", "/from/the/environment");
  const std::string log = test::capture_log([&] {
    const SearchPath path = SearchPath::standard({}, {}, {.allow_environment = true});
    EXPECT_EQ(path.directories.front(), "/from/the/environment");
    EXPECT_TRUE(path.trust.allow_environment);
  });
  EXPECT_THAT(log, Not(HasSubstr("ignoring")));
}

TEST_F(RegistryTrust, RootKeepsItsCacheUnderVarCacheWhateverXdgCacheHomeSays) {
  ScopedEnv env("XDG_CACHE_HOME", "/xdg/cache");
  EXPECT_EQ(SearchPath::standard({}, {}).cache_file, "/var/cache/joinery/plugin-cache.json");
  EXPECT_EQ(SearchPath::standard({}, {}, {.allow_environment = true}).cache_file,
            "/xdg/cache/joinery/plugin-cache.json");
}

TEST_F(RegistryTrust, TheSearchPathCarriesThePins) {
  TrustPolicy trust;
  trust.sha256_pins["joinery-dns"] = {std::string(64, 'b'), "x"};
  EXPECT_EQ(SearchPath::standard({}, {}, trust).trust.sha256_pins.at("joinery-dns").sha256,
            std::string(64, 'b'));
}

}  // namespace
}  // namespace joinery::plugins
