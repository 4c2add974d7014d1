// One TOML file into a Layer: every option, and every kind of mistake reported at
// its file, line and column.
#include "config/toml_reader.hpp"

#include "config/config_file.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace joinery::config {
namespace {

using namespace std::chrono_literals;

struct Read {
  Layer layer;
  std::vector<std::string> problems;
};

Read read(std::string_view text) {
  Problems problems;
  Read result;
  result.layer = read_toml(text, "a.toml", "/etc/joinery", problems);
  for (const Problem &problem : problems) result.problems.push_back(problem.text());
  return result;
}

using Messages = std::vector<std::string>;

TEST(TomlReader, ReadsEveryOption) {
  const Read r = read(R"(
datacenter = "dc2"
primary_datacenter = "dc1"
node_name = "node-a"
server = true
retry_join = ["10.0.0.1", "provider=static addrs=10.0.0.2"]
retry_join_wan = ["wan-1"]
start_join_wan = ["wan-2"]
primary_gateways = ["gw:8443"]
retry_max = 3
retry_max_wan = 4
retry_interval = "1m30s"
retry_interval_wan = "300ms"
primary_gateways_interval = "2h"
plugin_dirs = ["/opt/plugins", "local"]
discovery_timeout = "10s"
retry_backoff = "exponential"
retry_interval_max = "2m"
log_level = "debug"
log_json = true
systemd_notify = false

[connect]
enabled = true
enable_mesh_gateway_wan_federation = true
)");
  ASSERT_EQ(r.problems, Messages{});
  const Layer &l = r.layer;
  EXPECT_EQ(l.datacenter, "dc2");
  EXPECT_EQ(l.primary_datacenter, "dc1");
  EXPECT_EQ(l.node_name, "node-a");
  EXPECT_EQ(l.server, true);
  EXPECT_EQ(l.connect_enabled, true);
  EXPECT_EQ(l.mesh_gateway_wan_federation, true);
  ASSERT_EQ(l.retry_join.size(), 2U);
  EXPECT_EQ(l.retry_join[1].text, "provider=static addrs=10.0.0.2");
  ASSERT_EQ(l.retry_join_wan.size(), 1U);
  EXPECT_EQ(l.retry_join_wan[0].text, "wan-1");
  ASSERT_EQ(l.start_join_wan.size(), 1U);
  ASSERT_EQ(l.primary_gateways.size(), 1U);
  EXPECT_EQ(l.primary_gateways[0].text, "gw:8443");
  EXPECT_EQ(l.retry_max, 3);
  EXPECT_EQ(l.retry_max_wan, 4);
  EXPECT_EQ(l.retry_interval, 90s);
  EXPECT_EQ(l.retry_interval_wan, 300ms);
  EXPECT_EQ(l.primary_gateways_interval, 2h);
  EXPECT_EQ(l.plugin_dirs,
            (std::vector<std::filesystem::path>{"/opt/plugins", "/etc/joinery/local"}));
  EXPECT_EQ(l.discovery_timeout, 10s);
  EXPECT_EQ(l.retry_backoff, Backoff::exponential);
  EXPECT_EQ(l.retry_interval_max, 2min);
  EXPECT_EQ(l.log_level, "debug");
  EXPECT_EQ(l.log_json, true);
  EXPECT_EQ(l.systemd_notify, false);
}

TEST(TomlReader, LeavesUnwrittenOptionsUnset) {
  const Read r = read("retry_join = [\"a\"]\n");
  ASSERT_EQ(r.problems, Messages{});
  EXPECT_FALSE(r.layer.server.has_value());
  EXPECT_FALSE(r.layer.retry_max.has_value());
  EXPECT_FALSE(r.layer.lan_backend.has_value());
}

TEST(TomlReader, RecordsWhereEachEntryWasWritten) {
  const Read r = read("retry_join = [\"a\",\n  \"b\"]\nprimary_gateways = [\"gw\"]\n");
  ASSERT_EQ(r.problems, Messages{});
  ASSERT_EQ(r.layer.retry_join.size(), 2U);
  EXPECT_EQ(r.layer.retry_join[0].origin.where, "a.toml:1:15");
  EXPECT_EQ(r.layer.retry_join[1].origin.where, "a.toml:2:3");
  EXPECT_EQ(r.layer.primary_gateways[0].origin.where, "a.toml:3:21");
}

TEST(TomlReader, ZeroRetryMaxMeansForever) {
  const Read r = read("retry_max = 0\n");
  EXPECT_EQ(r.problems, Messages{});
  EXPECT_EQ(r.layer.retry_max, 0);
}

TEST(TomlReader, BackendTablesStringifyTheirValues) {
  const Read r = read(R"([join.lan]
backend = "serf"
rpc_addr = "127.0.0.1:7373"
port = 7373
tls = true
tags = ["a", "b"]

[join.wan]
backend = "consul"
)");
  ASSERT_EQ(r.problems, Messages{});
  ASSERT_TRUE(r.layer.lan_backend.has_value());
  EXPECT_EQ(r.layer.lan_backend->name, "serf");
  EXPECT_EQ(r.layer.lan_backend->origin, "a.toml:1:1");
  EXPECT_EQ(r.layer.lan_backend->keys, (plugins::KeyValues{{"rpc_addr", "127.0.0.1:7373"},
                                                           {"port", "7373"},
                                                           {"tls", "true"},
                                                           {"tags", "a"},
                                                           {"tags", "b"}}))
      << "an array is one value per element, in order";
  ASSERT_TRUE(r.layer.wan_backend.has_value());
  EXPECT_EQ(r.layer.wan_backend->name, "consul");
  EXPECT_TRUE(r.layer.wan_backend->keys.empty());
}

TEST(TomlReader, UnreadableFileIsNamed) {
  test::TempDir dir;
  Problems problems;
  read_config_file(dir.path() / "missing.toml", problems);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].text(), (dir.path() / "missing.toml").string() +
                                    ": cannot read the configuration file: No such file or "
                                    "directory");
}

TEST(TomlReader, FileMessagesUseItsPathAndDirectory) {
  test::TempDir dir;
  const auto file = dir.write("conf/a.toml", "plugin_dirs = [\"plugins\"]\nretry_max = -3\n");
  Problems problems;
  const Layer layer = read_config_file(file, problems);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].text(), file.string() +
                                    ":2:13: 'retry_max' must not be negative (0 means retry "
                                    "forever), got -3");
  EXPECT_EQ(layer.plugin_dirs, std::vector<std::filesystem::path>{dir.path() / "conf/plugins"});
}

// plugin_sha256: a plugin file's name without .so -> the SHA-256 it must have.
const std::string hash_a(64, 'a');
const std::string hash_b = std::string(32, 'b') + std::string(32, '0');

TEST(TomlReader, ReadsPluginSha256AsAnInlineTable) {
  const Read r = read("plugin_sha256 = { joinery-dns = \"" + hash_a + "\", \"joinery-acme\" = \"" +
                      hash_b + "\" }\n");
  ASSERT_EQ(r.problems, Messages{});
  ASSERT_EQ(r.layer.plugin_sha256.size(), 2u);
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").sha256, hash_a);
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").origin, "a.toml:1:33");
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-acme").sha256, hash_b);
}

TEST(TomlReader, ReadsPluginSha256AsATableAndLowercasesTheHash) {
  const Read r = read("[plugin_sha256]\njoinery-dns = \"" + std::string(64, 'A') + "\"\n");
  ASSERT_EQ(r.problems, Messages{});
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").sha256, hash_a);
  EXPECT_EQ(r.layer.plugin_sha256.at("joinery-dns").origin, "a.toml:2:15");
}

TEST(TomlReader, RefusesAPluginSha256ThatIsNotSixtyFourHexDigits) {
  const Read r = read("plugin_sha256 = { joinery-dns = \"abc\", joinery-srv = \"" +
                      std::string(64, 'g') + "\" }");
  EXPECT_EQ(r.problems,
            (Messages{"a.toml:1:33: 'plugin_sha256.joinery-dns' must be a SHA-256 "
                      "hash, 64 hex digits as sha256sum prints it; got 3 characters",
                      "a.toml:1:54: 'plugin_sha256.joinery-srv' must be a SHA-256 "
                      "hash, 64 hex digits as sha256sum prints it; got a character that is "
                      "not a hex digit at position 1: 'g'"}));
  EXPECT_TRUE(r.layer.plugin_sha256.empty());
}

TEST(TomlReader, APluginSha256WithOneNonHexDigitNamesItAndWhere) {
  std::string hash = hash_a;
  hash[16] = 'o';
  std::string with_tab = hash_a;
  with_tab[63] = '\t';
  const Read r =
      read("[plugin_sha256]\njoinery-dns = \"" + hash + "\"\njoinery-srv = \"" + with_tab + "\"\n");
  EXPECT_EQ(r.problems,
            (Messages{"a.toml:2:15: 'plugin_sha256.joinery-dns' must be a SHA-256 "
                      "hash, 64 hex digits as sha256sum prints it; got a character that is "
                      "not a hex digit at position 17: 'o'",
                      "a.toml:3:15: 'plugin_sha256.joinery-srv' must be a SHA-256 "
                      "hash, 64 hex digits as sha256sum prints it; got a character that is "
                      "not a hex digit at position 64: \\x09"}));
}

TEST(TomlReader, RefusesAPluginSha256NameWithADirectoryOrSuffix) {
  const Read r = read("plugin_sha256 = { \"joinery-dns.so\" = \"" + hash_a +
                      "\", \"/usr/lib/joinery-dns\" = \"" + hash_a + "\" }");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0],
            "a.toml:1:19: 'plugin_sha256.joinery-dns.so' must name a plugin file without its "
            "directory and .so, e.g. joinery-dns for the file joinery-dns.so");
  EXPECT_EQ(r.problems[1].rfind("a.toml:1:", 0), 0u) << r.problems[1];
  EXPECT_TRUE(r.layer.plugin_sha256.empty());
}

// A file with mistakes, and exactly the problems it must be reported with: each at
// its file, line and column, naming the key, what was expected and what was found.
struct Mistakes {
  const char *behaviour;  // the test's name
  std::string toml;
  Messages problems;
};

void PrintTo(const Mistakes &mistakes, std::ostream *out) {
  *out << mistakes.toml;
}

const Mistakes mistakes[] = {
    {"UnknownKeySuggestsTheClosestOption",
     "\nretry_jion = [\"a\"]\n",
     {"a.toml:2:1: unknown key 'retry_jion' (did you mean 'retry_join'?)"}},
    {"UnknownKeyWithADashSuggestsTheUnderscoredOption",
     "retry-interval = \"5s\"\n",
     {"a.toml:1:1: unknown key 'retry-interval' (did you mean 'retry_interval'?)"}},
    {"UnknownKeyWithNothingCloseHasNoSuggestion",
     "favourite_colour = \"teal\"\n",
     {"a.toml:1:1: unknown key 'favourite_colour'"}},
    {"UnknownConsulKeyPointsAtTheSkipSwitch",
     "bind_addr = \"0.0.0.0\"\n",
     {"a.toml:1:1: unknown key 'bind_addr' (a Consul agent setting joinery does not read: "
      "--skip-consul-keys skips such keys)"}},
    {"UnknownKeyInsideConnectNamesItsTable",
     "[connect]\nenabeld = true\n",
     {"a.toml:2:1: unknown key 'connect.enabeld' (did you mean 'connect.enabled'?)"}},
    {"UnknownJoinClusterSuggestsLanOrWan",
     "[join.lna]\nbackend = \"serf\"\n",
     {"a.toml:1:7: unknown key 'join.lna' (did you mean 'join.lan'?)"}},
    {"StringForAnIntegerNamesExpectedAndFound",
     "retry_max = \"3\"\n",
     {"a.toml:1:13: 'retry_max' must be an integer, not a string"}},
    {"StringForABooleanNamesExpectedAndFound",
     "server = \"true\"\n",
     {"a.toml:1:10: 'server' must be a boolean, not a string"}},
    {"IntegerForAStringNamesExpectedAndFound",
     "datacenter = 1\n",
     {"a.toml:1:14: 'datacenter' must be a string, not an integer"}},
    {"StringForAnArrayNamesExpectedAndFound",
     "retry_join = \"10.0.0.1\"\n",
     {"a.toml:1:14: 'retry_join' must be an array of strings, not a string"}},
    {"BooleanForATableNamesExpectedAndFound",
     "connect = true\n",
     {"a.toml:1:11: 'connect' must be a table, not a boolean"}},
    {"IntegerForABooleanInATableNamesExpectedAndFound",
     "[connect]\nenabled = 1\n",
     {"a.toml:2:11: 'connect.enabled' must be a boolean, not an integer"}},
    {"IntegerForADurationNamesExpectedAndFound",
     "retry_interval = 30\n",
     {"a.toml:1:18: 'retry_interval' must be a duration string such as \"30s\", not an integer"}},
    {"FloatForAnIntegerNamesExpectedAndFound",
     "retry_max = 1.5\n",
     {"a.toml:1:13: 'retry_max' must be an integer, not a float"}},
    {"WrongEntryTypeIsReportedAtTheEntry",
     "retry_join = [\"a\", 3]\n",
     {"a.toml:1:20: 'retry_join' entries must be strings, not an integer"}},
    {"EmptyEntryIsReportedAtTheEntry",
     "retry_join_wan = [\"\"]\n",
     {"a.toml:1:19: 'retry_join_wan' entries must not be empty"}},
    {"BadDurationUnitShowsGoSyntax",
     "retry_interval = \"30x\"\n",
     {"a.toml:1:18: 'retry_interval' is not a valid duration: \"30x\" (write it as Go does, e.g. "
      "\"300ms\", \"30s\", \"1m30s\", \"2h\")"}},
    {"DurationWithoutUnitShowsGoSyntax",
     "primary_gateways_interval = \"30\"\n",
     {"a.toml:1:29: 'primary_gateways_interval' is not a valid duration: \"30\" (write it as Go "
      "does, e.g. \"300ms\", \"30s\", \"1m30s\", \"2h\")"}},
    {"NegativeDurationIsRejected",
     "retry_interval_wan = \"-5s\"\n",
     {"a.toml:1:22: 'retry_interval_wan' must not be negative, got \"-5s\""}},
    {"ZeroDiscoveryTimeoutIsRejected",
     "discovery_timeout = \"0s\"\n",
     {"a.toml:1:21: 'discovery_timeout' must be greater than zero, got \"0s\""}},
    {"NegativeRetryMaxIsRejected",
     "retry_max = -1\n",
     {"a.toml:1:13: 'retry_max' must not be negative (0 means retry forever), got -1"}},
    {"NegativeRetryMaxWanIsRejected",
     "retry_max_wan = -2\n",
     {"a.toml:1:17: 'retry_max_wan' must not be negative (0 means retry forever), got -2"}},
    {"UnknownBackoffIsRejected",
     "retry_backoff = \"linear\"\n",
     {"a.toml:1:17: 'retry_backoff' must be \"fixed\" or \"exponential\", got \"linear\""}},
    {"UnknownLogLevelIsRejected",
     "log_level = \"verbose\"\n",
     {"a.toml:1:13: 'log_level' must be one of trace, debug, info, warn, error, off; got "
      "\"verbose\""}},
    {"SyntaxErrorNamesLineAndColumn",
     "server = true\nretry_join = \n",
     {"a.toml:2:14: TOML syntax error: Error while parsing key-value pair: expected value, saw "
      "'\\n'"}},
    {"SyntaxErrorOfDuplicateKey",
     "retry_max = 1\nretry_max = 2\n",
     {"a.toml:2:13: TOML syntax error: Error while parsing key-value pair: cannot redefine "
      "existing integer 'retry_max'"}},
    {"ReportsEveryMistakeNotOnlyTheFirst",
     "retry_max = -1\nretry_intervl = \"1s\"\nserver = 1\n",
     {"a.toml:1:13: 'retry_max' must not be negative (0 means retry forever), got -1",
      "a.toml:2:1: unknown key 'retry_intervl' (did you mean 'retry_interval'?)",
      "a.toml:3:10: 'server' must be a boolean, not an integer"}},
    {"BackendFloatValueIsRejected",
     "[join.lan]\nweight = 1.5\n",
     {"a.toml:2:10: 'join.lan.weight' must be a string, boolean, integer or array of strings, "
      "not a float"}},
    {"BackendArrayOfIntegersIsRejected",
     "[join.lan]\ntags = [1]\n",
     {"a.toml:2:9: 'join.lan.tags' entries must be strings, not an integer"}},
    {"EmptyBackendNameIsRejected",
     "[join.lan]\nbackend = \"\"\n",
     {"a.toml:2:11: 'join.lan.backend' must name a join backend, got \"\""}},
    {"BackendNameOfAnotherTypeIsRejected",
     "[join.wan]\nbackend = true\n",
     {"a.toml:2:11: 'join.wan.backend' must be a string, not a boolean"}},
    {"PluginSha256AsAStringIsRejected",
     "plugin_sha256 = \"" + std::string(64, 'a') + "\"",
     {"a.toml:1:17: 'plugin_sha256' must be a table of plugin file names and their SHA-256 "
      "hashes, not a string"}},
    {"PluginSha256HashAsAnIntegerIsRejected",
     "plugin_sha256 = { joinery-dns = 7 }",
     {"a.toml:1:33: 'plugin_sha256.joinery-dns' must be a SHA-256 hash string (64 hex digits, as "
      "sha256sum prints), not an integer"}},
};

class TomlReaderMistakes : public testing::TestWithParam<Mistakes> {};

TEST_P(TomlReaderMistakes, AreReportedExactly) {
  EXPECT_EQ(read(GetParam().toml).problems, GetParam().problems);
}

INSTANTIATE_TEST_SUITE_P(TomlReader, TomlReaderMistakes, testing::ValuesIn(mistakes),
                         [](const testing::TestParamInfo<Mistakes> &info) {
                           return std::string(info.param.behaviour);
                         });

}  // namespace
}  // namespace joinery::config
