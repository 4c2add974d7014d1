// The rules about a whole configuration: Consul's exact messages, then joinery's.
#include "config/validation.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

namespace joinery::config {
namespace {

using Messages = std::vector<std::string>;

Messages check(Config config) {
  Problems problems;
  apply_defaults(config, problems);
  for (const Problem &problem : validate(config)) problems.push_back(problem);
  Messages messages;
  for (const Problem &problem : problems) messages.push_back(problem.text());
  return messages;
}

// `config` with the derived defaults applied, which must not fail.
Config defaulted(Config config) {
  Problems problems;
  apply_defaults(config, problems);
  EXPECT_TRUE(problems.empty());
  return config;
}

Entry entry(std::string text) {
  return {std::move(text), Origin{"a.toml:1:1"}};
}

// A server of a secondary datacenter federated through mesh gateways, valid as is.
Config federated_secondary() {
  Config config;
  config.datacenter = "dc2";
  config.primary_datacenter = "dc1";
  config.node_name = "node-a";
  config.server = true;
  config.connect_enabled = true;
  config.mesh_gateway_wan_federation = true;
  config.primary_gateways = {entry("gw.dc1:8443")};
  config.wan_backend.name = "serf";
  return config;
}

TEST(Validation, DefaultConfigurationIsValid) {
  EXPECT_EQ(check(Config{}), Messages{});
}

TEST(Validation, FederatedSecondaryIsValid) {
  EXPECT_EQ(check(federated_secondary()), Messages{});
}

TEST(Validation, WanFederationRequiresConnectEnabled) {
  Config config = federated_secondary();
  config.connect_enabled = false;
  EXPECT_EQ(check(config), Messages{"'connect.enable_mesh_gateway_wan_federation=true' requires "
                                    "'connect.enabled=true'"});
}

TEST(Validation, WanFederationRequiresServer) {
  Config config = federated_secondary();
  config.server = false;
  config.primary_gateways.clear();
  EXPECT_EQ(check(config), Messages{"'connect.enable_mesh_gateway_wan_federation = true' requires "
                                    "'server = true'"});
}

TEST(Validation, WanFederationRejectsSlashInNodeName) {
  Config config = federated_secondary();
  config.node_name = "rack1/node-a";
  EXPECT_EQ(check(config), Messages{"'connect.enable_mesh_gateway_wan_federation = true' requires "
                                    "that 'node_name' not contain '/' characters"});
}

TEST(Validation, StartJoinWanIsIncompatibleWithWanFederation) {
  Config config = federated_secondary();
  config.start_join_wan = {entry("10.0.0.1")};
  EXPECT_EQ(check(config), Messages{"'start_join_wan' is incompatible with "
                                    "'connect.enable_mesh_gateway_wan_federation = true'"});
}

TEST(Validation, RetryJoinWanIsIncompatibleWithWanFederation) {
  Config config = federated_secondary();
  config.retry_join_wan = {entry("10.0.0.1")};
  EXPECT_EQ(check(config), Messages{"'retry_join_wan' is incompatible with "
                                    "'connect.enable_mesh_gateway_wan_federation = true'"});
}

TEST(Validation, PrimaryGatewaysRequireServer) {
  Config config;
  config.datacenter = "dc2";
  config.primary_datacenter = "dc1";
  config.primary_gateways = {entry("gw.dc1:8443")};
  EXPECT_EQ(check(config), Messages{"'primary_gateways' requires 'server = true'"});
}

TEST(Validation, PrimaryGatewaysOnlyInASecondaryDatacenter) {
  Config config;
  config.server = true;
  config.primary_gateways = {entry("gw.dc1:8443")};
  EXPECT_EQ(check(config),
            Messages{"'primary_gateways' should only be configured in a secondary datacenter"});
}

TEST(Validation, PrimaryGatewayRulesOnlyApplyWhenGatewaysAreConfigured) {
  Config config;  // a client in the primary datacenter, no gateways
  EXPECT_EQ(check(config), Messages{});
}

TEST(Validation, ReportsEveryBrokenRule) {
  Config config = federated_secondary();
  config.connect_enabled = false;
  config.retry_join_wan = {entry("10.0.0.1")};
  EXPECT_EQ(check(config), (Messages{"'connect.enable_mesh_gateway_wan_federation=true' requires "
                                     "'connect.enabled=true'",
                                     "'retry_join_wan' is incompatible with "
                                     "'connect.enable_mesh_gateway_wan_federation = true'"}));
}

TEST(Validation, DatacenterCannotBeEmpty) {
  Config config;
  config.datacenter = "";
  EXPECT_EQ(check(config), Messages{"datacenter cannot be empty"});
}

TEST(Validation, DatacenterUsesOnlyBasicCharacters) {
  Config config;
  config.datacenter = "dc 1";
  EXPECT_EQ(check(config), Messages{"datacenter can only contain lowercase alphanumeric, - or _ "
                                    "characters. received: \"dc 1\""});
}

TEST(Validation, PrimaryDatacenterUsesOnlyBasicCharacters) {
  Config config;
  config.primary_datacenter = "dc.1";
  EXPECT_EQ(check(config), Messages{"primary_datacenter can only contain lowercase alphanumeric, "
                                    "- or _ characters. received: \"dc.1\""});
}

TEST(Validation, WanWithRetryJoinWanNeedsABackend) {
  Config config;
  config.server = true;
  config.retry_join_wan = {entry("10.0.0.1")};
  EXPECT_EQ(check(config),
            Messages{"the WAN has something to join (retry_join_wan is set on a server) but no "
                     "join backend: add a [join.wan] table with backend = \"NAME\" (e.g. backend "
                     "= \"serf\"), or pass --join-backend"});
}

TEST(Validation, FederatedSecondaryNeedsAWanBackend) {
  Config config = federated_secondary();
  config.wan_backend = {};
  EXPECT_EQ(check(config),
            Messages{"the WAN has something to join (this server is in a secondary datacenter "
                     "federated through mesh gateways) but no join backend: add a [join.wan] "
                     "table with backend = \"NAME\" (e.g. backend = \"serf\"), or pass "
                     "--join-backend"});
}

TEST(Validation, ClientsNeedNoWanBackend) {
  Config config;
  config.retry_join_wan = {entry("10.0.0.1")};  // ignored with a warning: not a server
  EXPECT_EQ(check(config), Messages{});
}

TEST(Validation, FederatedPrimaryNeedsNoWanBackend) {
  Config config = federated_secondary();
  config.primary_datacenter = "dc2";
  config.primary_gateways.clear();
  config.wan_backend = {};
  EXPECT_EQ(check(config), Messages{});
}

TEST(Validation, WanKeysWithoutBackendNameTheTable) {
  Config config;
  config.wan_backend.keys = {{"rpc_addr", "127.0.0.1:7373"}};
  config.wan_backend.origin = "a.toml:4:1";
  EXPECT_EQ(check(config), Messages{"a.toml:4:1: [join.wan] sets backend keys but names no "
                                    "backend: add backend = \"NAME\" (e.g. backend = \"serf\")"});
}

TEST(Defaults, NodeNameIsTheHostName) {
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  EXPECT_EQ(defaulted(Config{}).node_name, host);
}

TEST(Defaults, ConfiguredNodeNameIsKept) {
  Config config;
  config.node_name = "node-a";
  EXPECT_EQ(defaulted(config).node_name, "node-a");
}

TEST(Defaults, PrimaryDatacenterIsTheDatacenter) {
  Config config;
  config.datacenter = "dc7";
  config = defaulted(config);
  EXPECT_EQ(config.primary_datacenter, "dc7");
  EXPECT_EQ(config.effective_primary_datacenter(), "dc7");
}

TEST(Defaults, DatacenterNamesAreLowerCasedAsConsulDoes) {
  Config config;
  config.datacenter = "DC2";
  config.primary_datacenter = "Dc1";
  config = defaulted(config);
  EXPECT_EQ(config.datacenter, "dc2");
  EXPECT_EQ(config.primary_datacenter, "dc1");
}

TEST(Defaults, LanBackendIsSerf) {
  const Config config = defaulted(Config{});
  EXPECT_EQ(config.lan_backend.name, "serf");
  EXPECT_EQ(config.lan_backend.origin, "default");
  EXPECT_TRUE(config.wan_backend.name.empty());
}

TEST(Defaults, LanKeysWithoutBackendAreForSerf) {
  Config config;
  config.lan_backend.keys = {{"rpc_addr", "127.0.0.1:7373"}};
  config.lan_backend.origin = "a.toml:1:1";
  config = defaulted(config);
  EXPECT_EQ(config.lan_backend.name, "serf");
  EXPECT_EQ(config.lan_backend.origin, "a.toml:1:1");
}

TEST(Defaults, ConsulsDefaultValues) {
  using namespace std::chrono_literals;
  const Config config;
  EXPECT_EQ(config.datacenter, "dc1");
  EXPECT_FALSE(config.server);
  EXPECT_EQ(config.retry_max, 0);
  EXPECT_EQ(config.retry_max_wan, 0);
  EXPECT_EQ(config.retry_interval, 30s);
  EXPECT_EQ(config.retry_interval_wan, 30s);
  EXPECT_EQ(config.primary_gateways_interval, 30s);
  EXPECT_EQ(config.discovery_timeout, 30s);
  EXPECT_EQ(config.retry_backoff, Backoff::fixed);
  EXPECT_EQ(config.retry_interval_max, 5min);
  EXPECT_EQ(config.log_level, "info");
  EXPECT_FALSE(config.log_json);
}

}  // namespace
}  // namespace joinery::config
