// `joinery discover 'provider=http ...'` run as the real binary with the bundled
// plugin, against python3's http.server and a real etcd on loopback.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "base64.hpp"
#include "support/child_process.hpp"
#include "support/etcd_server.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"

namespace {

using joinery::http::encode_base64;
using joinery::test::ChildProcess;
using joinery::test::CommandResult;
using joinery::test::EtcdServer;
using joinery::test::HttpServer;
using nlohmann::json;
using namespace std::chrono_literals;

std::vector<std::string> discover_argv(std::vector<std::string> args) {
  args.insert(args.begin(), {joinery::test::joinery_binary().string(), "discover"});
  return args;
}

CommandResult discover(std::vector<std::string> args) {
  return joinery::test::run(discover_argv(std::move(args)), 20s);
}

TEST(HttpDiscoverCommand, PrintsTheAddressesOfAJsonList) {
  HttpServer server({.routes = {{{"path", "/peers"}, {"answer", {"10.0.0.1", "::1"}}}}});
  const CommandResult r = discover({"provider=http url=" + server.url("/peers") + " port=8301"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.0.1:8301 [::1]:8301\n");
}

TEST(HttpDiscoverCommand, ReadsThePeersEtcdHolds) {
  EtcdServer etcd;
  etcd.put("/joinery/peers/a", "127.0.0.21:8301");
  etcd.put("/joinery/peers/b", "127.0.0.22:8301");
  const std::string body = json{{"key", encode_base64("/joinery/peers/")},
                                {"range_end", encode_base64("/joinery/peers0")}}
                               .dump();
  // The body goes in double quotes, its own quotes escaped: go-discover's syntax.
  std::string quoted;
  for (char c : body) {
    quoted += c == '"' ? std::string("\\\"") : std::string(1, c);
  }
  const CommandResult r =
      discover({"-q", "provider=http url=" + etcd.client_url() + "/v3/kv/range body=\"" + quoted +
                          "\" json_pointer=/kvs field=value decode=base64"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "127.0.0.21:8301 127.0.0.22:8301\n");
}

TEST(HttpDiscoverCommand, ANonSuccessStatusFailsWithTheUrlAndNoToken) {
  HttpServer server({.routes = {{{"path", "/peers"},
                                 {"status", 503},
                                 {"reason", "Service Unavailable"},
                                 {"answer", R"({"error":"no leader"})"}}}});
  const CommandResult r =
      discover({"provider=http url=" + server.url("/peers") + " bearer_token=t0p-s3cret"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("GET " + server.url("/peers") +
                       R"(: HTTP 503 Service Unavailable: {"error":"no leader"})"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("t0p-s3cret"), std::string::npos) << r.err;
  EXPECT_EQ(server.requests().at(0)["headers"]["Authorization"], "Bearer t0p-s3cret");
}

TEST(HttpDiscoverCommand, AServerThatNeverAnswersFailsAtTheDeadline) {
  HttpServer server({.routes = {{{"path", "/peers"}, {"hang", true}}}});
  const CommandResult r =
      discover({"--timeout", "500ms", "provider=http url=" + server.url("/peers")});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("GET " + server.url("/peers") + ": no answer"), std::string::npos) << r.err;
}

TEST(HttpDiscoverCommand, SigtermEndsAWaitingRequest) {
  HttpServer server({.routes = {{{"path", "/peers"}, {"hang", true}}}});
  ChildProcess joinery(
      discover_argv({"--timeout", "60s", "provider=http url=" + server.url("/peers")}));
  while (server.requests().empty() && joinery.running()) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(joinery.stop(SIGTERM), 143) << joinery.stderr_text();
}

TEST(HttpDiscoverCommand, BadKeysAreRefusedBeforeAnyRequest) {
  const CommandResult r = discover({"provider=http url=http://127.0.0.1:1/ decode=hex"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("decode: \"hex\" is not none or base64"), std::string::npos) << r.err;
}

}  // namespace
