// The registry with an isolation policy: which plugins it runs out of process, how it
// refuses a file that crashes or hangs while loading (in the runner, never in joinery),
// and that what an isolated plugin describes reads as it does in process.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/registry.hpp"
#include "isolation/isolated_library.hpp"
#include "isolation/isolation_harness.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

std::string refusal_for(const plugins::Registry &registry, std::string_view file_name) {
  for (const plugins::Refusal &refusal : registry.refusals()) {
    if (std::filesystem::path(refusal.problem.where).filename() == file_name) {
      return refusal.problem.reason();
    }
  }
  return {};
}

TEST(IsolatedRegistry, APluginWhoseInitCrashesIsRefusedNamingTheSignal) {
  plugins::Registry registry(fixture_search_path({"init-segfault", "misbehaving"}), isolate_all());
  EXPECT_FALSE(registry.find_provider("init_segfault"));
  const std::string reason = refusal_for(registry, "joinery-init-segfault.so");
  EXPECT_THAT(reason, HasSubstr("cannot be loaded in a plugin runner"));
  EXPECT_THAT(reason, HasSubstr("was killed by signal SIGSEGV"));
  // One broken plugin never stops the others.
  EXPECT_TRUE(registry.find_provider("misbehaving"));
}

// A runner that says hello in `protocol` ("" for no version at all), then waits for
// joinery to close the socket: a runner of another joinery.
std::filesystem::path runner_speaking(const TempDir &dir, std::string_view protocol) {
  const std::string field = protocol.empty() ? "" : "\"protocol\":" + std::string(protocol) + ",";
  const std::filesystem::path runner =
      dir.write("old-runner",
                "#!/usr/bin/env python3\n"
                "import os, struct\n"
                "hello = b'{\"type\":\"hello\"," +
                    field +
                    "\"ok\":false,\"reason\":\"old words\"}'\n"
                    "os.write(3, struct.pack('>I', len(hello)) + hello)\n"
                    "os.read(3, 1)\n");
  std::filesystem::permissions(runner, std::filesystem::perms::owner_all);
  return runner;
}

TEST(IsolatedRegistry, ARunnerSpeakingAnotherProtocolVersionIsRefusedNamingBothVersions) {
  const TempDir dir;
  for (const std::string_view protocol : {"0", "2", ""}) {
    plugins::IsolationPolicy policy = isolate_all();
    policy.runner = runner_speaking(dir, protocol);
    plugins::Registry registry(fixture_search_path({"misbehaving"}), policy);
    EXPECT_FALSE(registry.find_provider("misbehaving"));
    const std::string reason = refusal_for(registry, "joinery-misbehaving.so");
    EXPECT_THAT(reason, HasSubstr("cannot be loaded in a plugin runner: the plugin runner " +
                                  policy.runner.string() + " speaks " +
                                  (protocol.empty() ? std::string("no protocol version")
                                                    : "protocol version " + std::string(protocol)) +
                                  ", this joinery protocol version 1"));
    EXPECT_THAT(reason, HasSubstr("from the same build"));
    EXPECT_THAT(reason, Not(HasSubstr("old words")));  // nothing else of its hello is read
  }
}

TEST(IsolatedRegistry, APluginWhoseInitHangsIsRefusedAfterTheLoadTimeout) {
  plugins::Registry registry(fixture_search_path({"init-hang"}), isolate_all(300ms));
  EXPECT_FALSE(registry.find_provider("init_hang"));
  EXPECT_THAT(refusal_for(registry, "joinery-init-hang.so"),
              HasSubstr("did not finish loading the plugin in time and was killed"));
}

TEST(IsolatedRegistry, RefusalsReadAsTheyDoInProcess) {
  plugins::Registry isolated(fixture_search_path({"not-a-plugin"}), isolate_all());
  plugins::Registry in_process(fixture_search_path({"not-a-plugin"}));
  isolated.load_all();
  in_process.load_all();
  const std::string reason = refusal_for(in_process, "joinery-not-a-plugin.so");
  EXPECT_THAT(reason, HasSubstr("has no joinery_plugin_entry symbol"));
  EXPECT_EQ(refusal_for(isolated, "joinery-not-a-plugin.so"), reason);
}

TEST(IsolatedRegistry, AnIsolatedProviderDescribesItselfAsInProcess) {
  plugins::Registry isolated(fixture_search_path({"misbehaving"}), isolate_all());
  plugins::Registry in_process(fixture_search_path({"misbehaving"}));
  const auto outside = isolated.find_provider("misbehaving");
  const auto inside = in_process.find_provider("misbehaving");
  ASSERT_TRUE(outside && inside);
  EXPECT_TRUE(outside->isolated());
  EXPECT_FALSE(inside->isolated());
  EXPECT_EQ(outside->description().summary, inside->description().summary);
  EXPECT_EQ(outside->description().help, inside->description().help);
  ASSERT_EQ(outside->keys().size(), inside->keys().size());
  for (std::size_t i = 0; i < inside->keys().size(); ++i) {
    EXPECT_EQ(outside->keys()[i].name, inside->keys()[i].name);
    EXPECT_EQ(outside->keys()[i].type, inside->keys()[i].type);
    EXPECT_EQ(outside->keys()[i].default_value, inside->keys()[i].default_value);
    EXPECT_EQ(outside->keys()[i].description, inside->keys()[i].description);
  }
  EXPECT_EQ(outside->library().plugin_version(), inside->library().plugin_version());
  EXPECT_EQ(outside->library().file(), inside->library().file());
}

TEST(IsolatedRegistry, OnlyTheNamedPluginsRunOutOfProcess) {
  plugins::IsolationPolicy policy;
  policy.isolated = {"misbehaving"};
  policy.runner = plugin_runner();
  plugins::Registry registry(fixture_search_path({"misbehaving", "bundled"}), policy);
  ASSERT_TRUE(registry.find_provider("misbehaving"));
  ASSERT_TRUE(registry.find_provider("static"));
  EXPECT_TRUE(registry.find_provider("misbehaving")->isolated());
  EXPECT_TRUE(registry.find_backend("misbehaving")->isolated());  // the same file
  EXPECT_FALSE(registry.find_provider("static")->isolated());
}

TEST(IsolatedRegistry, InProcessExemptsAPluginFromIsolatingAll) {
  plugins::IsolationPolicy policy = isolate_all();
  policy.in_process = {"static"};
  plugins::Registry registry(fixture_search_path({"bundled"}), policy);
  ASSERT_TRUE(registry.find_provider("static"));
  EXPECT_FALSE(registry.find_provider("static")->isolated());
  EXPECT_TRUE(registry.find_backend("log")->isolated());
}

TEST(IsolatedRegistry, NamesFromTheCacheAreStillIsolated) {
  TempDir dir;
  plugins::SearchPath path = fixture_search_path({"misbehaving"});
  path.cache_file = dir.path() / "cache.json";
  plugins::Registry({path}).load_all();  // fills the cache, in process
  plugins::Registry registry(path, isolate_all());
  ASSERT_TRUE(registry.find_provider("misbehaving"));
  EXPECT_TRUE(registry.find_provider("misbehaving")->isolated());
}

TEST(IsolatedRegistry, AnUnknownRunnerIsARefusalThatSaysWhatIsMissing) {
  plugins::IsolationPolicy policy = isolate_all();
  policy.runner = "/nonexistent/joinery-plugin-runner";
  plugins::Registry registry(fixture_search_path({"misbehaving"}), policy);
  EXPECT_FALSE(registry.find_provider("misbehaving"));
  const std::string reason = refusal_for(registry, "joinery-misbehaving.so");
  EXPECT_THAT(reason,
              HasSubstr("cannot start the plugin runner /nonexistent/joinery-plugin-runner"));
  EXPECT_THAT(reason, HasSubstr("No such file or directory"));
}

}  // namespace
}  // namespace joinery::test
