// End to end: dnsmasq serves SRV records for three serf agents, and `joinery run`
// with a `provider=srv` entry and the serf backend joins them into one cluster.
#include <gtest/gtest.h>

#include "support/dnsmasq.hpp"
#include "support/joinery_run.hpp"
#include "support/paths.hpp"
#include "support/serf_agent.hpp"

namespace joinery {
namespace {

using std::chrono::seconds;

// `joinery run` joining the LAN through `agent` with one retry_join entry, as an
// operator writes it, with the bundled plugins.
std::unique_ptr<test::JoineryRun> run_joining(const test::SerfAgent &agent,
                                              const std::string &entry, int retry_max) {
  const std::string toml = "retry_join = " + test::toml_array({entry}) +
                           "\n"
                           "retry_interval = \"100ms\"\n"
                           "retry_max = " +
                           std::to_string(retry_max) +
                           "\n"
                           "\n"
                           "[join.lan]\n"
                           "backend = \"serf\"\n"
                           "rpc_addr = " +
                           test::toml_string(agent.rpc_address()) + "\n";
  return std::make_unique<test::JoineryRun>(
      toml, std::vector<std::string>{"--plugin-dir", test::bundled_plugin_dir().string()});
}

TEST(SrvJoin, JoinsTheAgentsTheSrvRecordsName) {
  const test::SerfAgent n1({.node = "n1"});
  const test::SerfAgent n2({.node = "n2"});
  const test::SerfAgent n3({.node = "n3"});
  const test::Dnsmasq dns({.hosts = {{"n1.test", {"127.0.0.1"}},
                                     {"n2.test", {"127.0.0.1"}},
                                     {"n3.test", {"127.0.0.1"}}},
                           .srv = {{"_serf._tcp.test", "n1.test", n1.bind_port(), 10, 10},
                                   {"_serf._tcp.test", "n2.test", n2.bind_port(), 10, 10},
                                   {"_serf._tcp.test", "n3.test", n3.bind_port(), 20, 10}}});

  // The agents resolve names through the system, which does not know *.test: let the
  // provider resolve the targets (resolve=true) through dnsmasq.
  const auto run = run_joining(
      n1, "provider=srv service=serf domain=test resolve=true resolver=" + dns.address(), 3);

  const auto status = run->wait(seconds(20));
  ASSERT_TRUE(status.has_value()) << run->output();
  EXPECT_EQ(*status, 0) << run->output();
  EXPECT_TRUE(n1.wait_for_alive(3, seconds(5))) << run->output();
  EXPECT_TRUE(n3.wait_for_alive(3, seconds(5)));
}

TEST(SrvJoin, SpendsTheRetryBudgetWhileTheServiceHasNoRecords) {
  const test::SerfAgent n1({.node = "n1"});
  // No SRV records: every attempt fails (not found) until the retry budget is spent.
  const test::Dnsmasq dns({});
  const auto run =
      run_joining(n1, "provider=srv service=serf domain=test resolver=" + dns.address(), 1);

  const auto status = run->wait(seconds(20));
  ASSERT_TRUE(status.has_value()) << run->output();
  EXPECT_EQ(*status, 1) << run->output();
  EXPECT_NE(run->output().find("lookup _serf._tcp.test on " + dns.address() + ": no such host"),
            std::string::npos)
      << run->output();
}

}  // namespace
}  // namespace joinery
