// The configuration of isolation and call timeouts: isolate_plugins, [plugins.NAME]
// isolation, join_timeout, their flags, and the isolation policy they make.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/run_options.hpp"
#include "cli/run_setup.hpp"
#include "config/layer.hpp"
#include "config/toml_reader.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using config::Isolation;

struct Read {
  config::Layer layer;
  std::vector<std::string> problems;
};

Read read(const std::string &text) {
  Problems problems;
  Read out;
  out.layer = config::read_toml(text, "a.toml", "/etc/joinery", problems);
  for (const Problem &problem : problems) out.problems.push_back(problem.text());
  return out;
}

TEST(IsolationConfig, ReadsIsolationAndJoinTimeout) {
  const Read r = read(R"(isolate_plugins = true
join_timeout = "5s"

[plugins.dns]
isolation = "process"

[plugins.static]
isolation = "in-process"
)");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(r.layer.isolate_plugins, true);
  EXPECT_EQ(r.layer.join_timeout, 5s);
  EXPECT_EQ(r.layer.plugin_isolation,
            (std::map<std::string, Isolation>{{"dns", Isolation::process},
                                              {"static", Isolation::in_process}}));
}

TEST(IsolationConfig, AnUnknownIsolationNamesTheChoices) {
  EXPECT_EQ(read("[plugins.dns]\nisolation = \"container\"\n").problems,
            std::vector<std::string>{"a.toml:2:13: 'plugins.dns.isolation' must be \"process\" or "
                                     "\"in-process\", got \"container\""});
}

TEST(IsolationConfig, AMisspeltKeyInAPluginTableSuggestsIsolation) {
  EXPECT_EQ(read("[plugins.dns]\nisolaton = \"process\"\n").problems,
            std::vector<std::string>{"a.toml:2:1: unknown key 'plugins.dns.isolaton' (did you mean "
                                     "'plugins.dns.isolation'?)"});
}

TEST(IsolationConfig, PluginsMustBeATableOfTables) {
  EXPECT_EQ(read("plugins = \"dns\"\n").problems,
            std::vector<std::string>{
                "a.toml:1:11: 'plugins' must be a table of plugin names ([plugins.NAME]), not a "
                "string"});
  EXPECT_EQ(read("[plugins]\ndns = \"process\"\n").problems,
            std::vector<std::string>{"a.toml:2:7: 'plugins.dns' must be a table, not a string"});
}

TEST(IsolationConfig, AZeroJoinTimeoutIsRejected) {
  EXPECT_EQ(read("join_timeout = \"0s\"\n").problems,
            std::vector<std::string>{
                "a.toml:1:16: 'join_timeout' must be greater than zero, got \"0s\""});
}

TEST(IsolationConfig, ALaterLayerDecidesPerPlugin) {
  config::Config merged;
  config::merge_into(merged, read("[plugins.dns]\nisolation = \"process\"\n"
                                  "[plugins.http]\nisolation = \"process\"\n")
                                 .layer);
  config::merge_into(merged, read("[plugins.dns]\nisolation = \"in-process\"\n").layer);
  EXPECT_EQ(merged.plugin_isolation,
            (std::map<std::string, Isolation>{{"dns", Isolation::in_process},
                                              {"http", Isolation::process}}));
}

TEST(IsolationConfig, FlagsSetIsolationForAllAndTheJoinTimeout) {
  cli::ParsedRunOptions parsed =
      cli::parse_run_options({"--isolate-plugins", "-join-timeout", "90s"});
  ASSERT_TRUE(parsed.options) << parsed.errors.front();
  EXPECT_TRUE(parsed.options->config.isolate_plugins);
  EXPECT_EQ(parsed.options->config.join_timeout, 90s);
  EXPECT_FALSE(cli::parse_run_options({"--isolate-plugins=false"}).options->config.isolate_plugins);
  EXPECT_EQ(cli::parse_run_options({}).options->config.join_timeout, 60s);
}

TEST(IsolationConfig, ThePolicyFollowsTheConfiguration) {
  config::Config config;
  config.isolate_plugins = true;
  config.plugin_isolation = {{"dns", Isolation::process}, {"static", Isolation::in_process}};
  const plugins::IsolationPolicy policy = cli::isolation_policy(config);
  EXPECT_TRUE(policy.isolates("dns"));
  EXPECT_TRUE(policy.isolates("serf"));
  EXPECT_FALSE(policy.isolates("static"));
  config.isolate_plugins = false;
  EXPECT_FALSE(cli::isolation_policy(config).isolates("serf"));
  EXPECT_TRUE(cli::isolation_policy(config).isolates("dns"));
}

}  // namespace
}  // namespace joinery::test
