// `joinery run` with the serf backend, end to end: real serf agents on loopback, the
// joinery binary as an operator runs it, and what the agents see afterwards.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "support/child_process.hpp"
#include "support/joinery_run.hpp"
#include "support/loopback.hpp"
#include "support/serf_agent.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;

std::size_t count_of(const std::string &text, const std::string &needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::string dead_address() {
  return "127.0.0.1:" + std::to_string(free_port());
}

std::string serf_backend(const std::string &table, const SerfAgent &agent,
                         const std::string &extra = "") {
  return "\n[join." + table +
         "]\nbackend = \"serf\"\nrpc_addr = " + toml_string(agent.rpc_address()) + "\n" + extra;
}

// A socat TCP forwarder standing in for a datacenter's mesh gateway.
class Gateway {
 public:
  Gateway(std::uint16_t port, const std::string &target)
      : process_({"socat", "TCP-LISTEN:" + std::to_string(port) + ",bind=127.0.0.1,reuseaddr,fork",
                  "TCP:" + target}) {
    if (!wait_for_port("127.0.0.1", port, 5s)) throw std::runtime_error("socat did not start");
  }
  // socat forks a child per connection into its process group: stop them all.
  ~Gateway() { ::kill(-process_.pid(), SIGKILL); }

 private:
  ChildProcess process_;
};

TEST(SerfRun, JoinsThreeLanAgentsFromStaticAddresses) {
  SerfAgent a({.node = "a"}), b({.node = "b"}), c({.node = "c"});
  JoineryRun run("retry_join = " + toml_array({b.bind_address(), c.bind_address()}) + "\n" +
                 serf_backend("lan", a));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_NE(run.output().find("Join cluster completed. Synced with initial agents"),
            std::string::npos)
      << run.output();
  for (const SerfAgent *agent : {&a, &b, &c}) {
    EXPECT_TRUE(agent->wait_for_alive(3, 5s)) << agent->node();
  }
}

TEST(SerfRun, JoinsIPv6AgentsThroughAnIPv6RpcAddress) {
  SerfAgent a({.node = "a", .host = "::1"}), b({.node = "b", .host = "::1"});
  JoineryRun run("retry_join = " + toml_array({b.bind_address()}) + "\n" + serf_backend("lan", a));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_TRUE(a.wait_for_alive(2, 5s));
  EXPECT_TRUE(b.wait_for_alive(2, 5s));
}

TEST(SerfRun, KeepsRetryingUntilALatePeerAppears) {
  SerfAgent a({.node = "a"});
  const std::uint16_t late_port = free_port();
  JoineryRun run("retry_join = " + toml_array({"127.0.0.1:" + std::to_string(late_port)}) +
                 "\nretry_interval = \"200ms\"\n" + serf_backend("lan", a));
  // Two intervals' worth of failed attempts, then the peer starts.
  ASSERT_TRUE(run.wait_for_output("Join cluster failed, will retry", 10s)) << run.output();
  for (int i = 0; i < 500 && count_of(run.output(), "Join cluster failed, will retry") < 2; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  SerfAgent late({.node = "late", .bind_port = late_port});
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_GE(count_of(run.output(), "Join cluster failed, will retry"), 2u);
  EXPECT_TRUE(a.wait_for_alive(2, 5s));
}

TEST(SerfRun, GivesUpAfterRetryMaxPlusOneAttempts) {
  SerfAgent a({.node = "a"});
  JoineryRun run("retry_join = " + toml_array({dead_address()}) +
                 "\nretry_max = 2\nretry_interval = \"200ms\"\n" + serf_backend("lan", a));
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  const std::string output = run.output();
  EXPECT_EQ(count_of(output, "Join cluster failed, will retry"), 2u) << output;
  EXPECT_NE(output.find("agent: max join LAN retry exhausted, exiting"), std::string::npos)
      << output;
  EXPECT_NE(output.find("Retry join failed"), std::string::npos) << output;
  EXPECT_NE(output.find("connection refused"), std::string::npos) << "the real join error";
  EXPECT_EQ(count_of(a.log(), "agent: joining:"), 3u) << "exactly three join requests";
}

TEST(SerfRun, AuthenticatesWithTheRightKeyAndNeverPrintsIt) {
  const std::string key = "s3cret-right-key";
  SerfAgent a({.node = "a", .rpc_auth = key}), b({.node = "b"});
  JoineryRun run("log_level = \"trace\"\nretry_join = " + toml_array({b.bind_address()}) + "\n" +
                 serf_backend("lan", a, "rpc_auth = " + toml_string(key) + "\n"));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_EQ(run.output().find(key), std::string::npos) << run.output();
  EXPECT_TRUE(a.wait_for_alive(2, 5s));
}

TEST(SerfRun, ReportsAWrongKeyAsTheAgentDoesAndNeverPrintsIt) {
  const std::string wrong = "s3cret-wrong-key";
  SerfAgent a({.node = "a", .rpc_auth = "s3cret-right-key"}), b({.node = "b"});
  JoineryRun run(
      "log_level = \"trace\"\nretry_max = 1\nretry_interval = \"100ms\"\n"
      "retry_join = " +
      toml_array({b.bind_address()}) + "\n" +
      serf_backend("lan", a, "rpc_auth = " + toml_string(wrong) + "\n"));
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_NE(run.output().find("Invalid authentication token"), std::string::npos) << run.output();
  EXPECT_EQ(run.output().find(wrong), std::string::npos) << run.output();
  EXPECT_EQ(run.output().find("s3cret-right-key"), std::string::npos);
}

TEST(SerfRun, ReportsSerfsErrorWhenEncryptionDiffers) {
  SerfAgent encrypted({.node = "e", .encrypt = serf_keygen()}), plain({.node = "p"});
  JoineryRun run("retry_max = 1\nretry_interval = \"100ms\"\nretry_join = " +
                 toml_array({plain.bind_address()}) + "\n" + serf_backend("lan", encrypted));
  ASSERT_EQ(run.wait(20s), 1) << run.output();
  EXPECT_NE(run.output().find("Encryption is configured but remote state is not encrypted"),
            std::string::npos)
      << run.output();
  EXPECT_TRUE(encrypted.wait_for_alive(1, 1s));
}

TEST(SerfRun, JoinsTheLanAndTheWanPoolsOfAServer) {
  // This node: a LAN agent and a WAN agent. dc1 has one more LAN member; dc2's
  // server is in the WAN pool.
  SerfAgent node_lan({.node = "n1"}), node_wan({.node = "n1.dc1"});
  SerfAgent peer_lan({.node = "n2"}), dc2_wan({.node = "s1.dc2"});
  JoineryRun run(
      "server = true\ndatacenter = \"dc1\"\nretry_join = " + toml_array({peer_lan.bind_address()}) +
      "\nretry_join_wan = " + toml_array({dc2_wan.bind_address()}) + "\n" +
      serf_backend("lan", node_lan) + serf_backend("wan", node_wan));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_TRUE(node_lan.wait_for_alive(2, 5s));
  EXPECT_TRUE(node_wan.wait_for_alive(2, 5s));
  for (const auto &member : node_lan.members()) {
    EXPECT_NE(member.name, "s1.dc2") << "the WAN server must not be in the LAN pool";
  }
}

std::string federation(const std::string &dc, const std::string &rest) {
  return "server = true\ndatacenter = " + toml_string(dc) + "\nprimary_datacenter = \"dc1\"\n" +
         rest + "\n[connect]\nenabled = true\nenable_mesh_gateway_wan_federation = true\n";
}

TEST(SerfRun, APrimaryDatacenterDoesNotJoinTheWan) {
  SerfAgent dc1_wan({.node = "s1.dc1"});
  JoineryRun run(federation("dc1", "") + serf_backend("wan", dc1_wan));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_EQ(count_of(dc1_wan.log(), "agent: joining:"), 0u);
}

TEST(SerfRun, ASecondaryJoinsThePrimarysWanPoolThroughItsMeshGateway) {
  SerfAgent dc1_wan({.node = "s1.dc1"}), dc2_wan({.node = "s1.dc2"});
  const std::uint16_t gateway_port = free_port();
  Gateway gateway(gateway_port, dc1_wan.bind_address());
  const std::string gateway_address = "127.0.0.1:" + std::to_string(gateway_port);
  JoineryRun run(federation("dc2", "primary_gateways = " + toml_array({gateway_address}) +
                                       "\nprimary_gateways_interval = \"200ms\"\n"
                                       "retry_interval_wan = \"200ms\"") +
                 serf_backend("wan", dc2_wan));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_NE(run.output().find("through mesh gateway " + gateway_address), std::string::npos)
      << run.output();
  EXPECT_TRUE(dc1_wan.wait_for_alive(2, 5s));
  EXPECT_TRUE(dc2_wan.wait_for_alive(2, 5s));
}

TEST(SerfRun, ASecondaryWaitsForAMeshGatewayThatAppearsLate) {
  SerfAgent dc1_wan({.node = "s1.dc1"}), dc2_wan({.node = "s1.dc2"});
  TempDir dir;
  const std::filesystem::path list = dir.path() / "gateways";
  // The gateway is discovered through a command that fails until the list exists.
  const std::string discover = "provider=exec command=\"cat " + list.string() + "\"";
  JoineryRun run(federation("dc2", "primary_gateways = " + toml_array({discover}) +
                                       "\nprimary_gateways_interval = \"200ms\"\n"
                                       "retry_interval_wan = \"200ms\"") +
                 serf_backend("wan", dc2_wan));
  ASSERT_TRUE(run.wait_for_output("Refreshing mesh gateways failed, will retry", 10s))
      << run.output();
  const std::uint16_t gateway_port = free_port();
  Gateway gateway(gateway_port, dc1_wan.bind_address());
  const std::filesystem::path written =
      dir.write("gateways.tmp", "127.0.0.1:" + std::to_string(gateway_port) + "\n");
  std::filesystem::rename(written, list);
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_EQ(count_of(dc2_wan.log(), "agent: joining:"), 1u) << "the WAN waited for the gateway";
  EXPECT_TRUE(dc1_wan.wait_for_alive(2, 5s));
}

TEST(SerfRun, StopsOnSigtermDuringALongIntervalAndLeavesTheAgentsAlone) {
  SerfAgent a({.node = "a"}), b({.node = "b"});
  ASSERT_TRUE(a.wait_for_alive(1, 5s));
  JoineryRun run("retry_join = " + toml_array({dead_address()}) + "\nretry_interval = \"1h\"\n" +
                 serf_backend("lan", a));
  ASSERT_TRUE(run.wait_for_output("Join cluster failed, will retry", 10s)) << run.output();
  EXPECT_EQ(run.stop(SIGTERM), 143) << run.output();
  EXPECT_TRUE(a.wait_for_alive(1, 5s)) << "the agent is still up, alone";
  EXPECT_TRUE(b.wait_for_alive(1, 5s));
}

}  // namespace
}  // namespace joinery::test
