// `joinery run` end to end with an http entry: a real etcd holds the peer list (the
// bind addresses of real serf agents), the binary finds it through the bundled http
// plugin and joins the agents through the bundled serf backend.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>

#include "base64.hpp"
#include "support/etcd_server.hpp"
#include "support/joinery_run.hpp"
#include "support/serf_agent.hpp"

namespace {

using joinery::http::encode_base64;
using joinery::test::EtcdServer;
using joinery::test::JoineryRun;
using joinery::test::SerfAgent;
using joinery::test::toml_array;
using joinery::test::toml_string;
using namespace std::chrono_literals;

// The provider string that reads every value under `prefix` from etcd's JSON gateway.
std::string etcd_prefix_entry(const EtcdServer &etcd, const std::string &prefix) {
  std::string range_end = prefix;
  ++range_end.back();  // etcd's "every key with this prefix"
  const std::string body =
      nlohmann::json{{"key", encode_base64(prefix)}, {"range_end", encode_base64(range_end)}}
          .dump();
  std::string quoted;  // go-discover's syntax: in double quotes, its own quotes escaped
  for (char c : body) {
    quoted += c == '"' ? std::string("\\\"") : std::string(1, c);
  }
  return "provider=http url=" + etcd.client_url() + "/v3/kv/range body=\"" + quoted +
         "\" json_pointer=/kvs field=value decode=base64";
}

TEST(HttpRunCommand, JoinsTheSerfAgentsEtcdLists) {
  EtcdServer etcd;
  SerfAgent a({.node = "a"}), b({.node = "b"}), c({.node = "c"});
  etcd.put("/joinery/peers/b", b.bind_address());
  etcd.put("/joinery/peers/c", c.bind_address());
  JoineryRun run("retry_join = " + toml_array({etcd_prefix_entry(etcd, "/joinery/peers/")}) +
                 "\n[join.lan]\nbackend = \"serf\"\nrpc_addr = " + toml_string(a.rpc_address()) +
                 "\n");
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  // Every installed provider, http among them.
  EXPECT_TRUE(std::regex_search(run.output(), std::regex(R"(discovery_methods="[^"]*\bhttp\b)")))
      << run.output();
  for (const SerfAgent *agent : {&a, &b, &c}) {
    EXPECT_TRUE(agent->wait_for_alive(3, 5s)) << agent->node();
  }
}

}  // namespace
