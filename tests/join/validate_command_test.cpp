// `joinery validate` end to end: the checks of `joinery run` before its first
// attempt, without joining anything.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "join/joinery_command.hpp"

namespace joinery::test {
namespace {

using ValidateCommand = JoineryCommand;

TEST_F(ValidateCommand, ValidConfigurationSaysWhatEachClusterWouldDo) {
  const std::string config = write("agent.toml", R"(
server = true
retry_join = ["provider=static addrs=10.0.0.1", "10.0.0.2"]
retry_max = 3
retry_interval = "5s"
retry_join_wan = ["10.1.0.1"]
[join.lan]
backend = "log"
record = ")" + file("lan.txt") + R"("
[join.wan]
backend = "log"
)");
  const CommandResult result = joinery("validate", {"--config", config});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("configuration is valid\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("LAN: joins through backend 'log', up to 4 attempts, 5s apart, from:\n"
                            "  provider=static addrs=10.0.0.1\n  10.0.0.2\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("WAN: joins through backend 'log', retries until it succeeds"),
            std::string::npos);
  EXPECT_TRUE(lines_of("lan.txt").empty()) << "validate joins nothing";
}

TEST_F(ValidateCommand, TheLargestRetryMaxIsCountedWithoutOverflow) {
  // retry_max + 1 attempts was computed in int64: "up to -9223372036854775808 attempts".
  const std::string config = write("agent.toml", R"(
retry_join = ["10.0.0.1"]
retry_max = 9223372036854775807
retry_interval = "2562047h"
[join.lan]
backend = "log"
)");
  const CommandResult result = joinery("validate", {"--config", config});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("up to 9223372036854775808 attempts, 2562047h0m0s apart"),
            std::string::npos)
      << result.out;
}

TEST_F(ValidateCommand, ClientDoesNotJoinTheWan) {
  const CommandResult result =
      joinery("validate", {"-retry-join", "10.0.0.1", "--join-backend", "log"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("WAN: not joined: not a server"), std::string::npos) << result.out;
}

TEST_F(ValidateCommand, FederatedSecondaryRefreshesGatewaysThenJoinsThePlaceholder) {
  const std::string config = write("secondary.toml", R"(
server = true
datacenter = "dc2"
primary_datacenter = "dc1"
primary_gateways = ["10.9.0.1:443"]
[connect]
enabled = true
enable_mesh_gateway_wan_federation = true
[join.wan]
backend = "log"
)");
  const CommandResult result = joinery("validate", {"--config", config});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("primary: refreshes the primary datacenter's mesh gateways, retries "
                            "until it succeeds, 30s apart, from:\n  10.9.0.1:443\n"
                            "then WAN: joins through backend 'log', retries until it succeeds, "
                            "30s apart, from:\n  *.dc1/192.0.2.2\n"),
            std::string::npos)
      << result.out;
}

TEST_F(ValidateCommand, LooksOnlyForThePluginsTheClustersNeed) {
  // Nothing to join: the (missing) backend is never looked for.
  const CommandResult result = joinery("validate", {"--join-backend", "nosuchbackend"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("LAN: nothing to join (no entries)"), std::string::npos) << result.out;
}

TEST_F(ValidateCommand, BadProviderStringExitsTwo) {
  const CommandResult result =
      joinery("validate", {"-retry-join", "provider=static addrs", "--join-backend", "log"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("discover: addrs: missing '='"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("configuration is valid"), std::string::npos);
}

TEST_F(ValidateCommand, MissingPluginExitsThree) {
  const CommandResult result =
      joinery("validate", {"-retry-join", "10.0.0.1", "--join-backend", "nosuchbackend"});
  EXPECT_EQ(result.status, 3) << result.err;
}

TEST_F(ValidateCommand, ConsulValidationMessagesExitTwo) {
  const CommandResult result = joinery("validate", {"-retry-join", "10.0.0.1", "-primary-gateway",
                                                    "10.9.0.1:443", "--join-backend", "log"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("'primary_gateways' requires 'server = true'"), std::string::npos)
      << result.err;
}

TEST_F(ValidateCommand, HelpShowsExamples) {
  const CommandResult result = joinery("validate", {"--help"});
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("Examples:"), std::string::npos);
  EXPECT_NE(result.out.find("--config"), std::string::npos);
}

TEST_F(ValidateCommand, JsonDescribesEachClusterForScripts) {
  const std::string config = write("agent.toml", R"(
server = true
retry_join = ["provider=static addrs=10.0.0.1", "10.0.0.2"]
retry_max = 3
retry_interval = "5s"
retry_join_wan = ["10.1.0.1"]
retry_backoff = "exponential"
[join.lan]
backend = "log"
[join.wan]
backend = "log"
)");
  const CommandResult result = joinery("validate", {"--config", config, "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["schema"], 1);
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["errors"], nlohmann::json::array());
  EXPECT_EQ(json["files"], nlohmann::json{config});
  const nlohmann::json &lan = json["clusters"][0];
  EXPECT_EQ(lan["cluster"], "LAN");
  EXPECT_EQ(lan["joined"], true);
  EXPECT_EQ(lan["backend"], "log");
  EXPECT_EQ(lan["entries"], (nlohmann::json{"provider=static addrs=10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(lan["attempts"], 4) << "retry_max 3 = 4 attempts";
  EXPECT_EQ(lan["interval_seconds"], 5.0);
  EXPECT_EQ(lan["backoff_max_seconds"], 300.0);
  const nlohmann::json &wan = json["clusters"][1];
  EXPECT_EQ(wan["cluster"], "WAN");
  EXPECT_EQ(wan["attempts"], nullptr) << "retries until it succeeds";
}

TEST_F(ValidateCommand, JsonOfAClientSaysWhyTheWanIsNotJoined) {
  const CommandResult result =
      joinery("validate", {"-retry-join", "10.0.0.1", "--join-backend", "log", "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["clusters"][1]["cluster"], "WAN");
  EXPECT_EQ(json["clusters"][1]["joined"], false);
  EXPECT_FALSE(json["clusters"][1]["reason"].get<std::string>().empty());
}

TEST_F(ValidateCommand, JsonOfAnInvalidConfigurationCarriesTheErrorsAndStatus) {
  const std::string config = write("agent.toml", "retry_jion = [\"10.0.0.1\"]\n");
  const CommandResult result = joinery("validate", {"--config", config, "--json"});
  EXPECT_EQ(result.status, 2) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["valid"], false);
  EXPECT_EQ(json["exit_status"], 2);
  ASSERT_EQ(json["errors"].size(), 1u) << json;
  EXPECT_NE(json["errors"][0].get<std::string>().find("unknown key 'retry_jion'"),
            std::string::npos)
      << json;
}

TEST_F(ValidateCommand, JsonOfAMissingPluginExitsThree) {
  const CommandResult result = joinery(
      "validate", {"-retry-join", "provider=nosuch x=1", "--join-backend", "log", "--json"});
  EXPECT_EQ(result.status, 3) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["exit_status"], 3);
  EXPECT_FALSE(json["errors"].empty());
}

}  // namespace
}  // namespace joinery::test
