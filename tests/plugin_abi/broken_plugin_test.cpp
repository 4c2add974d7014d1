// Deliberately broken plugins, one fault each, in a directory beside good ones: each
// is refused with a message naming the file, what was found, what was expected and
// what to do, and the good plugins load all the same.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "catalog/registry.hpp"
#include "support/plugin_dir.hpp"
#include "support/unprivileged.hpp"

namespace {

using joinery::plugins::CallContext;
using joinery::plugins::KeyValues;
using joinery::plugins::PluginResult;
using joinery::plugins::Registry;
using joinery::test::as_unprivileged_user;
using joinery::test::bundled;
using joinery::test::fixture;
using joinery::test::PluginDir;
using joinery::test::refusal_of;
using testing::HasSubstr;

std::vector<std::string> provider_names(const Registry &registry) {
  std::vector<std::string> out;
  for (const auto &provider : registry.providers()) out.push_back(provider->name());
  return out;
}

// A plugin directory with a broken file and two good ones (one C, one C++).
class BrokenPlugin : public testing::Test {
 protected:
  // Loads everything and checks that the good plugins made it; returns the reason
  // `broken` was refused.
  std::string refused(const std::filesystem::path &broken) {
    dir_.add(fixture("good"));
    dir_.add(bundled("static"));
    Registry registry(dir_.search_path());
    registry.load_all();
    const auto names = provider_names(registry);
    EXPECT_NE(std::find(names.begin(), names.end(), "good"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "static"), names.end());
    // The lazy path (through the cache just written) copes with it as well.
    Registry lazy(dir_.search_path());
    EXPECT_NE(lazy.find_provider("static"), nullptr);
    return refusal_of(registry, broken);
  }

  PluginDir dir_;
};

TEST_F(BrokenPlugin, ThatIsNotAnElfFileIsRefused) {
  const auto file = dir_.plugins() / "x.so";
  std::ofstream(file) << "this is a text file that happens to be named x.so\n";
  const std::string reason = refused(file);
  EXPECT_THAT(reason, HasSubstr("cannot be loaded"));
  EXPECT_THAT(reason, HasSubstr("not a shared library: remove it from the plugin directory"));
}

TEST_F(BrokenPlugin, BuiltForANewerMinorLoads) {
  dir_.add(fixture("abi-newer-minor"));
  dir_.add(fixture("good"));
  Registry registry(dir_.search_path());
  const auto provider = registry.find_provider("newer_minor");
  ASSERT_NE(provider, nullptr);
  EXPECT_EQ(provider->library().abi_minor(), 99u);
  CallContext call(CallContext::Options{});
  const auto [result, found] = provider->discover(call, {});
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(found, std::vector<std::string>{"192.0.2.77"});
}

// A fixture with one fault, and what the reason it is refused with must say.
struct Fault {
  const char *behaviour;  // the test's name
  const char *fixture;
  std::vector<std::string> reason_says;
};

void PrintTo(const Fault &fault, std::ostream *out) {
  *out << fault.fixture;
}

const Fault faults[] = {
    {"WithoutEntrySymbolIsRefused",
     "no-entry",
     {"has no joinery_plugin_entry symbol", "JOINERY_EXPORT"}},
    {"BuiltForANewerAbiMajorIsRefused",
     "abi-too-new",
     {"built against joinery plugin ABI 2.0, newer than the ABI 1.0",
      "rebuild against joinery plugin ABI 1.x"}},
    {"BuiltForAnOlderAbiMajorIsRefused",
     "abi-too-old",
     {"built against joinery plugin ABI 0.9, older than the ABI 1.0",
      "rebuild against joinery plugin ABI 1.x"}},
    {"WithAnEntrySmallerThanTheMinimumIsRefused",
     "short-entry",
     {"declares struct_size 12 bytes, smaller than the " +
          std::to_string(JOINERY_PLUGIN_ENTRY_MIN_SIZE) + " bytes",
      "rebuild against joinery plugin ABI 1.x"}},
    {"WhoseEntryClaimsMoreThanItsSymbolHoldsIsRefused",
     "lying-entry",
     {"the exported symbol is only 12 bytes"}},
    {"WhoseInitFailsIsRefusedWithItsMessage",
     "init-fails",
     {"its init failed (unavailable): licence file /etc/acme/licence.key not found"}},
    {"OfferingOnlyAnUnknownFactoryIsRefused",
     "unknown-factory",
     {"carries no provider or backend this joinery knows", "\"joinery.discovery/1\""}},
    {"WithAnUnresolvedDependencyIsRefusedAtLoad",
     "missing-dependency",
     {"libjoinery_fixture_dep.so: cannot open shared object file",
      "a library it depends on is missing"}},
};

class BrokenPluginFile : public BrokenPlugin, public testing::WithParamInterface<Fault> {};

TEST_P(BrokenPluginFile, IsRefusedSayingWhatIsWrongAndWhatToDo) {
  ASSERT_FALSE(GetParam().reason_says.empty()) << "a fault must say what its refusal says";
  const std::string reason = refused(dir_.add(fixture(GetParam().fixture)));
  for (const std::string &part : GetParam().reason_says) {
    EXPECT_THAT(reason, HasSubstr(part));
  }
}

INSTANTIATE_TEST_SUITE_P(BrokenPlugin, BrokenPluginFile, testing::ValuesIn(faults),
                         [](const testing::TestParamInfo<Fault> &info) {
                           return std::string(info.param.behaviour);
                         });

TEST(DuplicateName, SecondFileIsRefusedNamingBothAndTheFirstStays) {
  PluginDir dir;
  const auto first = dir.add(fixture("twin-a"));
  const auto second = dir.add(fixture("twin-b"));
  dir.add(fixture("good"));
  Registry registry(dir.search_path());
  registry.load_all();
  const auto twin = registry.find_provider("twin");
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->library().file(), first);
  const std::string reason = refusal_of(registry, second);
  EXPECT_THAT(reason, HasSubstr("provider 'twin' is refused: " + first.string() +
                                " already provides a provider of that name"));
  EXPECT_NE(registry.find_provider("good"), nullptr);

  CallContext call(CallContext::Options{});
  const auto [result, found] = twin->discover(call, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(found, std::vector<std::string>{"192.0.2.10"});
}

TEST(DuplicateName, FirstDirectoryWinsInALazyRunToo) {
  PluginDir dir;
  const auto later = dir.add(fixture("twin-a"));
  const auto earlier_dir = dir.make_directory("earlier");
  const auto earlier = earlier_dir / "joinery-fixture-twin-b.so";
  std::filesystem::copy_file(fixture("twin-b"), earlier);
  auto path = dir.search_path();
  path.directories.insert(path.directories.begin(), earlier_dir);
  Registry{path}.load_all();  // writes the cache
  Registry lazy(path);
  const auto twin = lazy.find_provider("twin");
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->library().file(), earlier);
  EXPECT_EQ(lazy.loaded_files(), std::vector<std::filesystem::path>{earlier});
}

TEST(ThrowingPlugin, ExceptionsBecomeStatusesAndTheHostLives) {
  PluginDir dir;
  dir.add(fixture("throwing"));
  Registry registry(dir.search_path());
  CallContext call(CallContext::Options{});

  const auto throws_std = registry.find_provider("throws_std");
  ASSERT_NE(throws_std, nullptr);
  const auto [discovered, found] = throws_std->discover(call, {});
  PluginResult result = discovered;
  EXPECT_EQ(result.status, JOINERY_INTERNAL);
  EXPECT_EQ(result.message, "boom: the cloud API answered 500");
  EXPECT_EQ(found, std::vector<std::string>{"192.0.2.5"});

  result = throws_std->validate(call, {});
  EXPECT_EQ(result.status, JOINERY_INVALID_CONFIG);
  EXPECT_EQ(result.message, "port: \"http\" is not a number");

  const auto throws_int = registry.find_provider("throws_int");
  ASSERT_NE(throws_int, nullptr);
  result = throws_int->discover(call, {}).result;
  EXPECT_EQ(result.status, JOINERY_INTERNAL);
  EXPECT_EQ(result.message, "unknown exception thrown inside the plugin");
}

TEST(ThrowingPlugin, BackendExceptionsBecomeStatuses) {
  PluginDir dir;
  dir.add(fixture("throwing"));
  Registry registry(dir.search_path());
  const auto backend = registry.find_backend("throws_backend");
  ASSERT_NE(backend, nullptr);
  CallContext call(CallContext::Options{});
  auto refused = backend->create(call, {{"fail_create", "1"}});
  EXPECT_EQ(refused.instance, nullptr);
  EXPECT_EQ(refused.result.status, JOINERY_INTERNAL);
  EXPECT_EQ(refused.result.message, "cannot create: fail_create set");

  auto created = backend->create(call, {});
  ASSERT_NE(created.instance, nullptr) << created.result.message;
  const auto [result, joined] = created.instance->join(call, "LAN", {"127.0.0.1:7946"});
  EXPECT_EQ(result.status, JOINERY_UNAVAILABLE);
  EXPECT_EQ(result.message, "connection refused by 127.0.0.1:7373");
  EXPECT_EQ(joined, 0u);
}

TEST(PluginDirectory, EmptyOneIsReportedAndTheOthersLoad) {
  PluginDir dir;
  dir.add(fixture("good"));
  const auto empty = dir.make_directory("empty");
  auto path = dir.search_path();
  path.directories.insert(path.directories.begin(), empty);
  Registry registry(path);
  EXPECT_NE(registry.find_provider("good"), nullptr);
  EXPECT_THAT(refusal_of(registry, empty), HasSubstr("plugin directory holds no plugin files"));
}

TEST(PluginDirectory, MissingOneIsReportedAndTheOthersLoad) {
  PluginDir dir;
  dir.add(fixture("good"));
  auto path = dir.search_path();
  const auto missing = dir.root() / "no-such-dir";
  path.directories.push_back(missing);
  Registry registry(path);
  EXPECT_NE(registry.find_provider("good"), nullptr);
  EXPECT_THAT(refusal_of(registry, missing), HasSubstr("plugin directory does not exist"));
}

TEST(PluginDirectory, UnreadableOneIsReportedAndTheOthersLoad) {
  PluginDir dir;
  dir.add(fixture("good"));
  const auto locked = dir.make_directory("locked");
  std::filesystem::copy_file(fixture("alpha"), locked / "joinery-fixture-alpha.so");
  namespace fs = std::filesystem;
  fs::permissions(dir.root(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(locked, fs::perms::owner_write);  // no read, no search, for anyone but root
  auto path = dir.search_path();
  path.cache_file.clear();
  path.directories.insert(path.directories.begin(), locked);

  const std::string out = as_unprivileged_user([&] {
    Registry registry(path);
    std::string text = registry.find_provider("good") != nullptr ? "good loaded\n" : "no good\n";
    text += registry.find_provider("alpha") != nullptr ? "alpha loaded\n" : "no alpha\n";
    return text + refusal_of(registry, locked);
  });
  fs::permissions(locked, fs::perms::owner_all);
  EXPECT_THAT(out, HasSubstr("good loaded"));
  EXPECT_THAT(out, HasSubstr("no alpha"));
  EXPECT_THAT(out, HasSubstr("plugin directory cannot be read: Permission denied"));
  EXPECT_THAT(out, HasSubstr("make it readable by the user joinery runs as"));
}

TEST(AbiCompatibility, APluginBuiltAgainstTheFrozen1_0HeaderLoadsAndIsCalled) {
  PluginDir dir;
  dir.add(fixture("abi-1.0"));
  Registry registry(dir.search_path());
  const auto provider = registry.find_provider("abi_1_0");
  ASSERT_NE(provider, nullptr);
  CallContext call(CallContext::Options{});
  const auto [result, found] = provider->discover(call, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(found, std::vector<std::string>{"192.0.2.100"});
}

}  // namespace
