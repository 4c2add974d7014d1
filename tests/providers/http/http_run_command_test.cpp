// `joinery run` end to end with an http entry: a real etcd holds the peer list, the
// real binary finds it through the bundled http plugin and joins it through the
// bundled log backend, which records what it was asked to join.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base64.hpp"
#include "support/child_process.hpp"
#include "support/etcd_server.hpp"
#include "support/file_text.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace {

using joinery::http::encode_base64;
using joinery::test::CommandResult;
using joinery::test::EtcdServer;
using joinery::test::TempDir;
using namespace std::chrono_literals;

TEST(HttpRunCommand, JoinsThePeersEtcdHolds) {
  EtcdServer etcd;
  etcd.put("/joinery/peers/a", "127.0.0.21:8301");
  etcd.put("/joinery/peers/b", "[::1]:8301");
  TempDir dir;
  const std::string body = nlohmann::json{{"key", encode_base64("/joinery/peers/")},
                                          {"range_end", encode_base64("/joinery/peers0")}}
                               .dump();
  // A TOML literal string keeps the provider string's double quotes as they are.
  std::string quoted;
  for (char c : body) {
    quoted += c == '"' ? std::string("\\\"") : std::string(1, c);
  }
  const auto config =
      dir.write("joinery.toml", "retry_join = ['provider=http url=" + etcd.client_url() +
                                    "/v3/kv/range body=\"" + quoted +
                                    "\" json_pointer=/kvs field=value decode=base64']\n"
                                    "[join.lan]\nbackend = \"log\"\nrecord = \"" +
                                    (dir.path() / "joins.txt").string() + "\"\n");
  const CommandResult r = joinery::test::run(
      {joinery::test::joinery_binary().string(), "run", "--config", config.string()}, 20s,
      {.env = {{"XDG_CACHE_HOME", (dir.path() / "cache").string()}}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(joinery::test::file_text(dir.path() / "joins.txt"), "LAN 127.0.0.21:8301 [::1]:8301\n");
  EXPECT_NE(r.err.find("discovery_methods=http"), std::string::npos) << r.err;
}

}  // namespace
