// The registry: lazy loading through the name cache, cache invalidation by size and
// mtime, keep-alive of libraries, and the search path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "catalog/registry.hpp"
#include "support/plugin_dir.hpp"
#include "support/scoped_env.hpp"

namespace {

using joinery::plugins::CallContext;
using joinery::plugins::PluginResult;
using joinery::plugins::Registry;
using joinery::plugins::SearchPath;
using joinery::test::bundled;
using joinery::test::fixture;
using joinery::test::is_loaded;
using joinery::test::PluginDir;
using joinery::test::ScopedEnv;
using Paths = std::vector<std::filesystem::path>;

// alpha, beta and gamma, each in its own file, with a warm cache.
class LazyRegistry : public testing::Test {
 protected:
  void SetUp() override {
    alpha_ = dir_.add(fixture("alpha"));
    beta_ = dir_.add(fixture("beta"));
    gamma_ = dir_.add(fixture("gamma"));
    Registry cold(dir_.search_path());
    ASSERT_NE(cold.find_provider("alpha"), nullptr);
    // Without a cache every file had to be read to learn its names.
    EXPECT_EQ(cold.loaded_files(), (Paths{alpha_, beta_, gamma_}));
    ASSERT_TRUE(std::filesystem::exists(dir_.cache_file()));
  }

  void TearDown() override {
    // Nothing stays loaded once the registries and what they handed out are gone.
    EXPECT_FALSE(is_loaded(alpha_));
    EXPECT_FALSE(is_loaded(beta_));
    EXPECT_FALSE(is_loaded(gamma_));
  }

  // The files the cache on disk has entries for.
  nlohmann::json cached_files() const {
    std::ifstream in(dir_.cache_file());
    return nlohmann::json::parse(in).at("files");
  }

  // Removes gamma, runs a registry on `path`, and checks that the cache forgot gamma
  // and kept alpha.
  void expect_cache_forgets_removed_gamma(const SearchPath &path) {
    std::filesystem::remove(gamma_);
    Registry registry(path);
    EXPECT_EQ(registry.find_provider("gamma"), nullptr);
    const nlohmann::json files = cached_files();
    EXPECT_FALSE(files.contains(gamma_.string()));
    EXPECT_TRUE(files.contains(alpha_.string()));
  }

  PluginDir dir_;
  std::filesystem::path alpha_, beta_, gamma_;
};

TEST_F(LazyRegistry, LoadsOnlyTheFileProvidingTheName) {
  Registry registry(dir_.search_path());
  const auto beta = registry.find_provider("beta");
  ASSERT_NE(beta, nullptr);
  EXPECT_EQ(registry.loaded_files(), Paths{beta_});
  EXPECT_TRUE(is_loaded(beta_));
  EXPECT_FALSE(is_loaded(alpha_));
  EXPECT_FALSE(is_loaded(gamma_));
}

TEST_F(LazyRegistry, LoadsNothingForAnUnknownName) {
  Registry registry(dir_.search_path());
  EXPECT_EQ(registry.find_provider("delta"), nullptr);
  EXPECT_EQ(registry.find_backend("alpha"), nullptr);
  EXPECT_EQ(registry.loaded_files(), Paths{});
}

TEST_F(LazyRegistry, RereadsAFileWhoseMtimeChanged) {
  std::filesystem::last_write_time(
      gamma_, std::filesystem::last_write_time(gamma_) + std::chrono::seconds(10));
  Registry registry(dir_.search_path());
  ASSERT_NE(registry.find_provider("alpha"), nullptr);
  EXPECT_EQ(registry.loaded_files(), (Paths{alpha_, gamma_}));
  // The cache now knows the new mtime: the next run reads nothing extra.
  Registry next(dir_.search_path());
  ASSERT_NE(next.find_provider("alpha"), nullptr);
  EXPECT_EQ(next.loaded_files(), Paths{alpha_});
}

TEST_F(LazyRegistry, RereadsAFileWhoseSizeChanged) {
  const auto mtime = std::filesystem::last_write_time(gamma_);
  std::ofstream(gamma_, std::ios::app | std::ios::binary) << "trailing bytes";
  std::filesystem::last_write_time(gamma_, mtime);
  Registry registry(dir_.search_path());
  ASSERT_NE(registry.find_provider("alpha"), nullptr);
  EXPECT_EQ(registry.loaded_files(), (Paths{alpha_, gamma_}));
}

TEST_F(LazyRegistry, FindsANameAFileGainedWhenItWasReplaced) {
  std::filesystem::remove(beta_);
  std::filesystem::copy_file(fixture("good"), beta_);
  Registry registry(dir_.search_path());
  const auto good = registry.find_provider("good");
  ASSERT_NE(good, nullptr);
  EXPECT_EQ(good->library().file(), beta_);
  EXPECT_EQ(registry.find_provider("beta"), nullptr);
}

TEST_F(LazyRegistry, ForgetsRemovedFiles) {
  expect_cache_forgets_removed_gamma(dir_.search_path());
}

TEST_F(LazyRegistry, ForgetsRemovedFilesOfADirectoryWrittenWithATrailingSlash) {
  SearchPath path = dir_.search_path();
  path.directories = {dir_.plugins().string() + "/"};
  expect_cache_forgets_removed_gamma(path);
}

// Another run may search other directories, so the entries of directories a run did
// not scan stay while their files exist; once a file is gone (a deleted temporary
// plugin directory), the next rewrite drops its entry: else a cache every run shares
// (root's, /var/cache/joinery) would grow for ever.
TEST_F(LazyRegistry, DropsEntriesOfDeletedFilesInDirectoriesItDidNotScan) {
  const auto kept = dir_.make_directory("kept") / "joinery-fixture-good.so";
  const auto deleted_dir = dir_.make_directory("deleted");
  const auto deleted = deleted_dir / "joinery-fixture-twin-a.so";
  std::filesystem::copy_file(fixture("good"), kept);
  std::filesystem::copy_file(fixture("twin-a"), deleted);
  for (const auto &dir : {kept.parent_path(), deleted_dir}) {
    SearchPath other = dir_.search_path();
    other.directories = {dir};
    Registry{other}.load_all();
  }
  ASSERT_TRUE(cached_files().contains(deleted.string()));

  std::filesystem::remove_all(deleted_dir);
  dir_.add(bundled("static"));  // new: this run rewrites the cache
  Registry registry(dir_.search_path());
  ASSERT_NE(registry.find_provider("static"), nullptr);
  const auto files = cached_files();
  EXPECT_FALSE(files.contains(deleted.string()));
  EXPECT_TRUE(files.contains(kept.string())) << "its file is still there";
  EXPECT_TRUE(files.contains(alpha_.string()));
}

TEST_F(LazyRegistry, RetriesAFileTheCacheCallsRefusedWhenANameIsMissing) {
  // As if beta had been refused earlier (say its dependency was missing, and has
  // been installed since): the cache knows no names for it.
  std::ifstream in(dir_.cache_file());
  auto cache = nlohmann::json::parse(in);
  in.close();
  auto &entry = cache["files"][beta_.string()];
  entry["providers"] = nlohmann::json::array();
  entry["refused"] = "cannot be loaded: libcurl.so.4: cannot open shared object file";
  std::ofstream(dir_.cache_file()) << cache.dump();

  Registry registry(dir_.search_path());
  ASSERT_NE(registry.find_provider("beta"), nullptr);
  EXPECT_TRUE(registry.refusals().empty());
}

TEST_F(LazyRegistry, LoadAllLoadsEverythingInSearchOrder) {
  Registry registry(dir_.search_path());
  registry.load_all();
  std::vector<std::string> names;
  for (const auto &provider : registry.providers()) names.push_back(provider->name());
  EXPECT_EQ(names, (std::vector<std::string>{"alpha", "beta", "gamma"}));
  EXPECT_TRUE(registry.refusals().empty());
}

TEST(Registry, WorksWithoutACache) {
  PluginDir dir;
  const auto alpha = dir.add(fixture("alpha"));
  const auto beta = dir.add(fixture("beta"));
  auto path = dir.search_path();
  path.cache_file.clear();
  Registry registry(path);
  ASSERT_NE(registry.find_provider("beta"), nullptr);
  EXPECT_EQ(registry.loaded_files(), (Paths{alpha, beta}));
}

TEST(Registry, WorksWhenTheCacheCannotBeWritten) {
  PluginDir dir;
  dir.add(fixture("alpha"));
  auto path = dir.search_path();
  path.cache_file = "/proc/joinery/plugin-cache.json";
  Registry registry(path);
  EXPECT_NE(registry.find_provider("alpha"), nullptr);
}

TEST(Registry, IgnoresADamagedCache) {
  PluginDir dir;
  dir.add(fixture("alpha"));
  std::ofstream(dir.cache_file()) << "{\"format\": 1, \"files\": [";
  Registry registry(dir.search_path());
  EXPECT_NE(registry.find_provider("alpha"), nullptr);
}

TEST(Registry, OnlyConsidersSoFilesAndReadsEachFileOnce) {
  PluginDir dir;
  const auto alpha = dir.add(fixture("alpha"));
  std::ofstream(dir.plugins() / "README.txt") << "not a plugin";
  dir.add(fixture("beta"), "joinery-beta.so.disabled");
  auto path = dir.search_path();
  path.directories.push_back(dir.plugins() / "." / "");  // the same directory again
  Registry registry(path);
  registry.load_all();
  EXPECT_EQ(registry.loaded_files(), Paths{alpha});
  EXPECT_TRUE(registry.refusals().empty());
}

TEST(KeepAlive, ProviderOutlivesTheRegistry) {
  PluginDir dir;
  const auto file = dir.add(fixture("good"));
  std::shared_ptr<const joinery::plugins::DiscoveryProvider> provider;
  {
    Registry registry(dir.search_path());
    provider = registry.find_provider("good");
  }
  ASSERT_NE(provider, nullptr);
  EXPECT_TRUE(is_loaded(file));
  CallContext call(CallContext::Options{});
  const auto [result, found] = provider->discover(call, {{"addrs", "10.1.2.3:8301"}});
  EXPECT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(found, std::vector<std::string>{"10.1.2.3:8301"});
  provider.reset();
  EXPECT_FALSE(is_loaded(file));
}

TEST(KeepAlive, TwoRegistriesShareOneLoadedLibrary) {
  // One dlopen handle per file: init must run once, however many registries ask.
  PluginDir dir;
  const auto file = dir.add(fixture("good"));
  Registry first(dir.search_path());
  Registry second(dir.search_path());
  const auto a = first.find_provider("good");
  const auto b = second.find_provider("good");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(&a->library(), &b->library());
}

TEST(KeepAlive, BackendInstanceOutlivesItsBackendAndTheRegistry) {
  PluginDir dir;
  dir.add(bundled("log"));
  const auto record = dir.root() / "joins.txt";
  std::unique_ptr<joinery::plugins::BackendInstance> instance;
  {
    Registry registry(dir.search_path());
    const auto backend = registry.find_backend("log");
    ASSERT_NE(backend, nullptr);
    CallContext call(CallContext::Options{});
    auto created = backend->create(call, {{"record", record.string()}});
    instance = std::move(created.instance);
    ASSERT_NE(instance, nullptr) << created.result.message;
  }
  CallContext call(CallContext::Options{});
  const auto [result, joined] = instance->join(call, "LAN", {"10.0.0.1", "[::1]:8301"});
  EXPECT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(joined, 2u);
  instance.reset();
  std::ifstream in(record);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "LAN 10.0.0.1 [::1]:8301");
}

// The well-behaved C provider `good`, loaded.
class GoodProvider : public testing::Test {
 protected:
  void SetUp() override {
    dir_.add(fixture("good"));
    provider_ = registry_.find_provider("good");
    ASSERT_NE(provider_, nullptr);
  }

  PluginDir dir_;
  Registry registry_{dir_.search_path()};
  std::shared_ptr<const joinery::plugins::DiscoveryProvider> provider_;
};

TEST_F(GoodProvider, PassesOnThePluginsStatusAndMessage) {
  CallContext call(CallContext::Options{});
  const PluginResult result = provider_->discover(call, {{"addrs", ""}}).result;
  EXPECT_EQ(result.status, JOINERY_INVALID_CONFIG);
  EXPECT_EQ(result.message, "addrs: empty value");
}

TEST_F(GoodProvider, StopsAcceptingAddressesOnceTheCallIsCancelled) {
  CallContext::Options options;
  options.deadline = std::chrono::steady_clock::now();
  CallContext call(std::move(options));
  const auto [result, found] = provider_->discover(call, {});
  EXPECT_EQ(result.status, JOINERY_CANCELLED);
  EXPECT_TRUE(found.empty());
}

TEST_F(GoodProvider, DescribesItselfFromItsTables) {
  EXPECT_EQ(provider_->description().summary,
            "returns the address it is given (a plain C example)");
  EXPECT_EQ(provider_->description().help, "provider=good addrs=10.0.0.1");
  ASSERT_EQ(provider_->keys().size(), 1u);
  EXPECT_EQ(provider_->keys()[0].name, "addrs");
  EXPECT_EQ(provider_->library().plugin_id(), "org.joinery.fixture.good");
}

// The environment counts when trusted (as root: with --allow-env-plugin-path; see
// tests/trust for when it is not).
TEST(SearchPath, FlagsThenConfigThenEnvironmentThenBuiltin) {
  ScopedEnv env("JOINERY_PLUGIN_PATH", "/env/one::/env/two");
  const SearchPath path = SearchPath::standard({"/flag"}, {"/config"}, {{}, true});
  ASSERT_EQ(path.directories.size(), 5u);
  EXPECT_EQ(path.directories[0], "/flag");
  EXPECT_EQ(path.directories[1], "/config");
  EXPECT_EQ(path.directories[2], "/env/one");
  EXPECT_EQ(path.directories[3], "/env/two");
  EXPECT_EQ(path.directories[4], joinery::plugins::builtin_plugin_dir());
  EXPECT_TRUE(path.directories[4].is_absolute());
  EXPECT_EQ(path.directories[4].filename(), "plugins");
}

TEST(SearchPath, CacheFollowsXdgCacheHome) {
  ScopedEnv env("XDG_CACHE_HOME", "/xdg/cache");
  EXPECT_EQ(SearchPath::standard({}, {}, {{}, true}).cache_file,
            "/xdg/cache/joinery/plugin-cache.json");
}

TEST(SearchPath, CacheOfRootIsUnderVarCache) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  ScopedEnv env("XDG_CACHE_HOME", nullptr);
  EXPECT_EQ(SearchPath::standard({}, {}).cache_file, "/var/cache/joinery/plugin-cache.json");
}

TEST(SearchPath, CacheOfAUserIsUnderHome) {
  if (::geteuid() == 0) GTEST_SKIP() << "root's cache is under /var/cache";
  ScopedEnv env("XDG_CACHE_HOME", nullptr);
  ScopedEnv home("HOME", "/home/ops");
  EXPECT_EQ(SearchPath::standard({}, {}).cache_file, "/home/ops/.cache/joinery/plugin-cache.json");
}

}  // namespace
