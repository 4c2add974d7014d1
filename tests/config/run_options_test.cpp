// The shared command line of run, validate and discover: Consul's flags with one or
// two dashes, merged after the files.
#include "cli/run_options.hpp"

#include <gtest/gtest.h>
#include <boost/program_options/value_semantic.hpp>

#include "entry_texts.hpp"
#include "support/temp_dir.hpp"

namespace joinery::cli {
namespace {

using namespace std::chrono_literals;
using test::entry_texts;
using test::Messages;

config::Config parse_ok(const Arguments &args) {
  ParsedRunOptions parsed = parse_run_options(args);
  EXPECT_EQ(parsed.errors, Messages{});
  EXPECT_TRUE(parsed.options.has_value());
  return parsed.options ? parsed.options->config : config::Config{};
}

Messages parse_errors(const Arguments &args, const CommandOptions &command = {}) {
  const ParsedRunOptions parsed = parse_run_options(args, command);
  EXPECT_FALSE(parsed.options.has_value());
  return parsed.errors;
}

// Every Consul flag, written with the given dashes.
void expect_consul_flags(const std::string &dash) {
  const config::Config config = parse_ok({
      dash + "retry-join",
      "10.0.0.1",
      dash + "retry-join",
      "10.0.0.2",
      dash + "retry-max",
      "3",
      dash + "retry-interval",
      "1m30s",
      dash + "retry-join-wan",
      "wan-1",
      dash + "retry-max-wan",
      "4",
      dash + "retry-interval-wan",
      "5s",
      dash + "primary-gateway",
      "gw1:8443",
      dash + "primary-gateway",
      "gw2:8443",
      dash + "datacenter",
      "dc2",
      dash + "primary-datacenter",
      "dc1",
      dash + "node",
      "node-a",
      dash + "server",
      dash + "join-backend",
      "serf",
  });
  EXPECT_EQ(entry_texts(config.retry_join), (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(config.retry_join[0].origin.where, dash + "retry-join");  // as typed
  EXPECT_EQ(config.retry_max, 3);
  EXPECT_EQ(config.retry_interval, 90s);
  EXPECT_EQ(entry_texts(config.retry_join_wan), std::vector<std::string>{"wan-1"});
  EXPECT_EQ(config.retry_max_wan, 4);
  EXPECT_EQ(config.retry_interval_wan, 5s);
  EXPECT_EQ(entry_texts(config.primary_gateways),
            (std::vector<std::string>{"gw1:8443", "gw2:8443"}));
  EXPECT_EQ(config.datacenter, "dc2");
  EXPECT_EQ(config.primary_datacenter, "dc1");
  EXPECT_EQ(config.node_name, "node-a");
  EXPECT_TRUE(config.server);
}

TEST(RunOptions, AcceptsConsulFlagsWithOneDash) {
  expect_consul_flags("-");
}

TEST(RunOptions, AcceptsConsulFlagsWithTwoDashes) {
  expect_consul_flags("--");
}

TEST(RunOptions, AcceptsFlagEqualsValue) {
  const config::Config config =
      parse_ok({"-retry-max=2", "--retry-interval=10s", "-retry-join=a", "--node=n1"});
  EXPECT_EQ(config.retry_max, 2);
  EXPECT_EQ(config.retry_interval, 10s);
  EXPECT_EQ(entry_texts(config.retry_join), std::vector<std::string>{"a"});
  EXPECT_EQ(config.node_name, "n1");
}

TEST(RunOptions, AcceptsJoineryOptions) {
  test::TempDir dir;
  const config::Config config =
      parse_ok({"--plugin-dir", "/p1", "-plugin-dir", "/p2", "--log-level", "debug", "--log-json",
                "--summary", "-", "--discovery-timeout", "2s", "--retry-backoff", "exponential",
                "--retry-interval-max", "1m"});
  EXPECT_EQ(config.flag_plugin_dirs, (std::vector<std::filesystem::path>{"/p1", "/p2"}));
  EXPECT_EQ(config.log_level, "debug");
  EXPECT_TRUE(config.log_json);
  EXPECT_EQ(config.summary, "-");
  EXPECT_EQ(config.discovery_timeout, 2s);
  EXPECT_EQ(config.retry_backoff, config::Backoff::exponential);
  EXPECT_EQ(config.retry_interval_max, 1min);
}

TEST(RunOptions, BooleanFlagsTakeGoStyleValues) {
  EXPECT_TRUE(parse_ok({"-server"}).server);
  EXPECT_TRUE(parse_ok({"-server=true"}).server);
  EXPECT_FALSE(parse_ok({"-server", "-server=false"}).server);
  EXPECT_FALSE(parse_ok({"--log-json=0"}).log_json);
  EXPECT_TRUE(parse_ok({}).systemd_notify) << "on by default (when NOTIFY_SOCKET is set)";
  EXPECT_FALSE(parse_ok({"--systemd-notify=false"}).systemd_notify);
  EXPECT_TRUE(parse_ok({"--systemd-notify=false", "-systemd-notify"}).systemd_notify);
  EXPECT_EQ(parse_errors({"-server=maybe"}),
            Messages{"command line: '-server' must be true or false, got \"maybe\""});
}

// As Go's flag package: `-server x` is -server and the argument x, never -server=x.
TEST(RunOptions, BooleanFlagsNeverTakeTheNextArgument) {
  const CommandOptions discover{.groups = OptionGroups::discover, .max_positional = 1};
  const ParsedRunOptions parsed =
      parse_run_options({"--log-json", "provider=static addrs=10.0.0.1", "-log-json"}, discover);
  ASSERT_EQ(parsed.errors, Messages{});
  ASSERT_TRUE(parsed.options.has_value());
  EXPECT_TRUE(parsed.options->config.log_json);
  EXPECT_EQ(parsed.options->positional, std::vector<std::string>{"provider=static addrs=10.0.0.1"});
  EXPECT_EQ(parse_errors({"-server", "false"}),
            Messages{"command line: unexpected argument 'false'"});
  EXPECT_EQ(parse_errors({"-server", "--", "-log-json"}),
            Messages{"command line: unexpected argument '-log-json'"})
      << "after --, nothing is a flag";
}

TEST(RunOptions, RepeatedScalarFlagLaterWins) {
  EXPECT_EQ(parse_ok({"-datacenter", "dc1", "--datacenter", "dc3"}).datacenter, "dc3");
}

TEST(RunOptions, FlagsOverrideFilesAndAppendToTheirLists) {
  test::TempDir dir;
  const auto file = dir.write("a.toml", R"(
retry_max = 3
retry_join = ["from-file"]
datacenter = "dc1"
plugin_dirs = ["/from-file"]
)");
  const config::Config config = parse_ok({"-retry-join", "from-flag", "--config", file.string(),
                                          "-retry-max", "9", "--plugin-dir", "/from-flag"});
  EXPECT_EQ(config.retry_max, 9);
  EXPECT_EQ(config.datacenter, "dc1");
  EXPECT_EQ(entry_texts(config.retry_join), (std::vector<std::string>{"from-file", "from-flag"}));
  EXPECT_EQ(config.plugin_dirs, std::vector<std::filesystem::path>{"/from-file"});
  EXPECT_EQ(config.flag_plugin_dirs, std::vector<std::filesystem::path>{"/from-flag"});
}

TEST(RunOptions, ConfigAndConfigDirAreReadInCommandLineOrder) {
  test::TempDir dir;
  const auto a = dir.write("a.toml", "retry_join = [\"a\"]\n");
  dir.write("d/b.toml", "retry_join = [\"b\"]\n");
  const auto c = dir.write("c.toml", "retry_join = [\"c\"]\n");
  const ParsedRunOptions parsed = parse_run_options(
      {"--config-dir", (dir.path() / "d").string(), "-config", c.string(), "--config", a.string()});
  ASSERT_EQ(parsed.errors, Messages{});
  EXPECT_EQ(entry_texts(parsed.options->config.retry_join),
            (std::vector<std::string>{"b", "c", "a"}));
  EXPECT_EQ(parsed.options->config_files,
            (std::vector<std::filesystem::path>{dir.path() / "d/b.toml", c, a}));
}

TEST(RunOptions, ConfigMistakesComeBackWithFileLineAndColumn) {
  test::TempDir dir;
  const auto file = dir.write("a.toml", "retry_jion = [\"a\"]\n");
  EXPECT_EQ(
      parse_errors({"--config", file.string()}),
      Messages{file.string() + ":1:1: unknown key 'retry_jion' (did you mean 'retry_join'?)"});
}

TEST(RunOptions, ValidationRulesApplyToFlags) {
  EXPECT_EQ(parse_errors({"-primary-gateway", "gw:8443", "-datacenter", "dc2",
                          "-primary-datacenter", "dc1"}),
            Messages{"'primary_gateways' requires 'server = true'"});
}

TEST(RunOptions, BadFlagValuesNameTheFlagAsTyped) {
  EXPECT_EQ(parse_errors({"-retry-max=-1"}),
            Messages{"command line: '-retry-max' must not be negative (0 means retry forever), "
                     "got -1"});
  EXPECT_EQ(parse_errors({"-retry-max=1", "--retry-max=x"}),
            Messages{"command line: '--retry-max' must be an integer, got \"x\""})
      << "each occurrence as it was typed";
  EXPECT_EQ(parse_errors({"--retry-max-wan", "lots"}),
            Messages{"command line: '--retry-max-wan' must be an integer, got \"lots\""});
  EXPECT_EQ(parse_errors({"-retry-interval", "30"}),
            Messages{"command line: '-retry-interval' is not a valid duration: \"30\" (write it "
                     "as Go does, e.g. \"300ms\", \"30s\", \"1m30s\", \"2h\")"});
  EXPECT_EQ(parse_errors({"--discovery-timeout=0s"}),
            Messages{"command line: '--discovery-timeout' must be greater than zero, got \"0s\""});
  EXPECT_EQ(parse_errors({"--retry-backoff", "linear"}),
            Messages{"command line: '--retry-backoff' must be \"fixed\" or \"exponential\", got "
                     "\"linear\""});
  EXPECT_EQ(parse_errors({"-log-level", "loud"}),
            Messages{"command line: '-log-level' must be one of trace, debug, info, warn, error, "
                     "off; got \"loud\""});
  EXPECT_EQ(parse_errors({"-retry-join", ""}),
            Messages{"command line: '-retry-join' must not be empty"});
}

TEST(RunOptions, UnknownFlagSuggestsTheClosest) {
  EXPECT_EQ(parse_errors({"--retry-jion", "a"}),
            Messages{"command line: unrecognised option '--retry-jion' (did you mean "
                     "'--retry-join'?)"});
  EXPECT_EQ(parse_errors({"-retry-jion", "a"}),
            Messages{"command line: unrecognised option '-retry-jion' (did you mean "
                     "'-retry-join'?)"});
}

TEST(RunOptions, ThreeDashesSuggestTheOptionWithTwo) {
  EXPECT_EQ(parse_errors({"---retry-join", "a"}),
            Messages{"command line: unrecognised option '---retry-join' (did you mean "
                     "'--retry-join'?)"});
}

TEST(RunOptions, MissingFlagValueIsAnError) {
  EXPECT_EQ(parse_errors({"-retry-max"}),
            Messages{"command line: the required argument for option '--retry-max' is missing"});
}

TEST(RunOptions, UnexpectedArgumentIsAnError) {
  EXPECT_EQ(parse_errors({"10.0.0.1"}), Messages{"command line: unexpected argument '10.0.0.1'"});
}

TEST(RunOptions, HelpSkipsEverythingElse) {
  for (const char *help : {"--help", "-h", "-help"}) {
    const ParsedRunOptions parsed = parse_run_options({"--retry-max=-1", help});
    EXPECT_TRUE(parsed.help) << help;
    EXPECT_EQ(parsed.errors, Messages{}) << help;
    EXPECT_FALSE(parsed.options.has_value()) << help;
  }
}

TEST(RunOptions, DiscoverTakesItsOwnOptionsAndOneArgument) {
  namespace po = boost::program_options;
  po::options_description own("Discover options");
  own.add_options()("quiet,q", po::bool_switch(), "only addresses")("json", po::bool_switch(),
                                                                    "JSON output");
  const CommandOptions discover{.groups = OptionGroups::discover, .own = &own, .max_positional = 1};
  const ParsedRunOptions parsed =
      parse_run_options({"-q", "provider=static addrs=10.0.0.1", "--plugin-dir", "/p"}, discover);
  ASSERT_EQ(parsed.errors, Messages{});
  ASSERT_TRUE(parsed.options.has_value());
  EXPECT_TRUE(parsed.options->command_values["quiet"].as<bool>());
  EXPECT_FALSE(parsed.options->command_values["json"].as<bool>());
  EXPECT_EQ(parsed.options->positional, std::vector<std::string>{"provider=static addrs=10.0.0.1"});
  EXPECT_EQ(parsed.options->config.flag_plugin_dirs, std::vector<std::filesystem::path>{"/p"});

  EXPECT_EQ(parse_errors({"-retry-join", "a"}, discover),
            Messages{"command line: unrecognised option '-retry-join'"});
}

TEST(RunOptions, HelpListsTheSharedOptions) {
  const std::string run = run_options_help(OptionGroups::run);
  for (const char *flag : {"--retry-join", "--retry-max-wan", "--primary-gateway", "--node",
                           "--server", "--config-dir", "--join-backend", "--summary"}) {
    EXPECT_NE(run.find(flag), std::string::npos) << flag;
  }
  const std::string discover = run_options_help(OptionGroups::discover);
  EXPECT_NE(discover.find("--plugin-dir"), std::string::npos);
  EXPECT_EQ(discover.find("--retry-join"), std::string::npos);
}

TEST(JoinBackendFlag, AppliesToEveryCluster) {
  const config::Config config =
      parse_ok({"--join-backend", "serf rpc_addr=127.0.0.1:7373 auth_key=\"s3 cret\""});
  const plugins::KeyValues keys{{"rpc_addr", "127.0.0.1:7373"}, {"auth_key", "s3 cret"}};
  EXPECT_EQ(config.lan_backend.name, "serf");
  EXPECT_EQ(config.lan_backend.keys, keys);
  EXPECT_EQ(config.lan_backend.origin, "--join-backend");
  EXPECT_EQ(config.wan_backend.name, "serf");
  EXPECT_EQ(config.wan_backend.keys, keys);
}

TEST(JoinBackendFlag, OverridesTheFilesTables) {
  test::TempDir dir;
  const auto file = dir.write("a.toml",
                              "[join.lan]\nbackend = \"log\"\n[join.wan]\nbackend = "
                              "\"serf\"\nrpc_addr = \"a:1\"\ntls = true\n");
  const config::Config config =
      parse_ok({"--config", file.string(), "--join-backend", "serf rpc_addr=b:2"});
  EXPECT_EQ(config.lan_backend.name, "serf");
  EXPECT_EQ(config.lan_backend.keys, (plugins::KeyValues{{"rpc_addr", "b:2"}}));
  EXPECT_EQ(config.wan_backend.keys, (plugins::KeyValues{{"rpc_addr", "b:2"}, {"tls", "true"}}));
}

TEST(JoinBackendFlag, ParsesQuotesAndEscapes) {
  const auto choice = parse_join_backend_flag(R"(  log  path="/tmp/a b" note="say \"hi\""  )");
  ASSERT_TRUE(choice.has_value()) << choice.error().text();
  EXPECT_EQ(choice->name, "log");
  EXPECT_EQ(choice->keys, (plugins::KeyValues{{"path", "/tmp/a b"}, {"note", "say \"hi\""}}));
}

TEST(JoinBackendFlag, RejectsMalformedValues) {
  const auto error_of = [](const std::string &text) {
    const auto choice = parse_join_backend_flag(text);
    EXPECT_FALSE(choice.has_value()) << text;
    return choice ? std::string() : choice.error().text();
  };
  EXPECT_EQ(error_of(""),
            "'--join-backend' must start with the backend's name, e.g. --join-backend 'serf "
            "rpc_addr=127.0.0.1:7373'");
  EXPECT_EQ(error_of("rpc_addr=x"),
            "'--join-backend' must start with the backend's name, e.g. --join-backend 'serf "
            "rpc_addr=127.0.0.1:7373'");
  EXPECT_EQ(error_of("serf rpc_addr"),
            "'--join-backend' takes key=value pairs after the name, got \"rpc_addr\"");
  EXPECT_EQ(error_of("serf a=1 a=2"), "'--join-backend' sets 'a' twice");
  // Values are masked: the flag is read before any plugin says which keys are secret.
  EXPECT_EQ(error_of("serf a=\"x"), "'--join-backend' has an unterminated quote: serf a=***");
  EXPECT_EQ(error_of("serf backend=log"),
            "'--join-backend' names the backend first, not with backend=");
}

TEST(JoinBackendFlag, AnUnterminatedQuoteIsQuotedWithEveryValueMasked) {
  const auto first = parse_join_backend_flag(R"(serf rpc_auth=M3rk rpc_addr="1)");
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().text(),
            "'--join-backend' has an unterminated quote: serf rpc_auth=*** rpc_addr=***");
  const auto second = parse_join_backend_flag(R"(serf rpc_auth="a \" b=c" x "rpc_addr=d e)");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().text(),
            R"('--join-backend' has an unterminated quote: serf rpc_auth=*** x "rpc_addr=***)");
}

TEST(RunOptions, AllowEnvPluginPathIsOffUnlessGiven) {
  EXPECT_FALSE(parse_ok({}).plugin_trust().allow_environment);
  EXPECT_TRUE(parse_ok({"-allow-env-plugin-path"}).plugin_trust().allow_environment);
}

}  // namespace
}  // namespace joinery::cli
