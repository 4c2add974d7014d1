// The http provider's whole attempt, from keys to addresses, against real servers:
// python3's http.server playing a Consul catalog, and a real etcd holding the peers.
#include "http_discovery.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "base64.hpp"
#include "support/etcd_server.hpp"
#include "support/http_server.hpp"
#include "support/plugin_config.hpp"
#include "support/temp_dir.hpp"

namespace {

using joinery::http::discover_http;
using joinery::http::encode_base64;
using joinery::http::read_http_settings;
using joinery::sdk::Error;
using joinery::sdk::Status;
using joinery::test::EtcdServer;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::TempDir;
using nlohmann::json;
using Strings = std::vector<std::string>;

Strings discover(const PluginConfig &config) {
  return discover_http(read_http_settings(config.view()), {}).addresses;
}

const json consul_catalog_answer = json::parse(R"([
  {"Node": "server-1", "Address": "127.0.0.11", "ServiceAddress": "", "ServicePort": 8300},
  {"Node": "server-2", "Address": "127.0.0.12", "ServiceAddress": "", "ServicePort": 8300}
])");

TEST(HttpDiscovery, ReadsAddressesFromAConsulCatalog) {
  HttpServer server(
      {.routes = {{{"path", "/v1/catalog/service/consul"}, {"answer", consul_catalog_answer}}}});
  EXPECT_EQ(discover({{"url", server.url("/v1/catalog/service/consul")},
                      {"field", "Address"},
                      {"port", "8301"}}),
            (Strings{"127.0.0.11:8301", "127.0.0.12:8301"}));
}

TEST(HttpDiscovery, ReadsTheBearerTokenFromAFileEveryAttempt) {
  HttpServer server({.routes = {{{"path", "/peers"},
                                 {"answer", json::array({"10.0.0.1"})},
                                 {"headers", {{"Authorization", "Bearer from-file"}}}}}});
  TempDir dir;
  const auto token = dir.write("token", "from-file\n");
  EXPECT_EQ(discover({{"url", server.url("/peers")}, {"bearer_token_file", token.string()}}),
            (Strings{"10.0.0.1"}));
  dir.write("token", "rotated");
  try {
    discover({{"url", server.url("/peers")}, {"bearer_token_file", token.string()}});
    FAIL() << "the rotated token was not sent";
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find("HTTP 401"), std::string::npos);
  }
}

TEST(HttpDiscovery, AMissingTokenFileIsAnErrorNamingIt) {
  try {
    discover({{"url", "http://127.0.0.1:1/peers"}, {"bearer_token_file", "/nonexistent/token"}});
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), Status::unavailable);
    EXPECT_EQ(std::string(error.what()),
              "GET http://127.0.0.1:1/peers: cannot read bearer_token_file /nonexistent/token: "
              "No such file or directory");
  }
}

// The message `discover` fails with for `config`, or "no error".
std::string failure(const PluginConfig &config) {
  try {
    discover(config);
  } catch (const Error &error) {
    return error.what();
  }
  return "no error";
}

// /dev/zero grew the token to 4.5 GB; a FIFO with no writer blocked the call for ever.
TEST(HttpDiscovery, ATokenFileThatIsNotARegularFileFailsAtOnceNamingTheKey) {
  TempDir dir;
  const std::string fifo = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string url = "http://127.0.0.1:1/peers";
  EXPECT_EQ(failure({{"url", url}, {"bearer_token_file", "/dev/zero"}}),
            "GET " + url +
                ": cannot read bearer_token_file /dev/zero: not a regular file (a character "
                "device)");
  EXPECT_EQ(
      failure({{"url", url}, {"bearer_token_file", fifo}}),
      "GET " + url + ": cannot read bearer_token_file " + fifo + ": not a regular file (a FIFO)");
}

TEST(HttpDiscovery, ATokenFileOverItsCapIsRefusedBeforeItIsRead) {
  TempDir dir;
  const std::string token = dir.write("token", "").string();
  ASSERT_EQ(::truncate(token.c_str(), (off_t{64} << 10) + 1), 0);
  EXPECT_EQ(failure({{"url", "http://127.0.0.1:1/peers"}, {"bearer_token_file", token}}),
            "GET http://127.0.0.1:1/peers: cannot read bearer_token_file " + token +
                ": larger than 64 KiB");
}

// libcurl opened ca_file itself: a FIFO blocked the call past its deadline.
TEST(HttpDiscovery, ACaFileThatIsAFifoOrOverItsCapFailsAtOnceNamingTheKey) {
  TempDir dir;
  const std::string fifo = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string huge = dir.write("huge.pem", "").string();
  ASSERT_EQ(::truncate(huge.c_str(), (off_t{4} << 20) + 1), 0);
  const std::string url = "http://127.0.0.1:1/peers";
  EXPECT_EQ(failure({{"url", url}, {"ca_file", fifo}}),
            "GET " + url + ": cannot read ca_file " + fifo + ": not a regular file (a FIFO)");
  EXPECT_EQ(failure({{"url", url}, {"ca_file", huge}}),
            "GET " + url + ": cannot read ca_file " + huge + ": larger than 4 MiB");
  EXPECT_EQ(
      failure({{"url", url}, {"cert_file", "/dev/zero"}, {"key_file", "/dev/zero"}}),
      "GET " + url + ": cannot read cert_file /dev/zero: not a regular file (a character device)");
}

TEST(HttpDiscovery, AnswerErrorsNameTheRequest) {
  HttpServer server({.routes = {{{"path", "/peers"}, {"answer", "not json"}}}});
  try {
    discover({{"url", server.url("/peers")}});
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(std::string(error.what()),
              "GET " + server.url("/peers") + ": the answer is not JSON (it starts \"not json\")");
  }
}

// etcd's JSON gateway: POST /v3/kv/range with base64 key and range_end.
std::string range_body(std::string_view prefix, std::string_view range_end) {
  return json{{"key", encode_base64(prefix)}, {"range_end", encode_base64(range_end)}}.dump();
}

TEST(HttpDiscovery, ReadsThePeersUnderAnEtcdPrefix) {
  EtcdServer etcd;
  etcd.put("/joinery/peers/a", "127.0.0.21:8301");
  etcd.put("/joinery/peers/b", "[::1]:8301");
  etcd.put("/joinery/other", "10.9.9.9");
  // range_end "/joinery/peers0" is the prefix with its last byte ('/') plus one.
  EXPECT_EQ(discover({{"url", etcd.client_url() + "/v3/kv/range"},
                      {"body", range_body("/joinery/peers/", "/joinery/peers0")},
                      {"json_pointer", "/kvs"},
                      {"field", "value"},
                      {"decode", "base64"}}),
            (Strings{"127.0.0.21:8301", "[::1]:8301"}));
}

TEST(HttpDiscovery, ReadsAPeerListHeldInOneEtcdKey) {
  EtcdServer etcd;
  etcd.put("/joinery/peer-list", "127.0.0.21,127.0.0.22");
  EXPECT_EQ(discover({{"url", etcd.client_url() + "/v3/kv/range"},
                      {"body", json{{"key", encode_base64("/joinery/peer-list")}}.dump()},
                      {"json_pointer", "/kvs/0/value"},
                      {"decode", "base64"},
                      {"port", "8301"}}),
            (Strings{"127.0.0.21:8301", "127.0.0.22:8301"}));
}

TEST(HttpDiscovery, AnEmptyEtcdPrefixIsNotFound) {
  EtcdServer etcd;
  try {
    discover({{"url", etcd.client_url() + "/v3/kv/range"},
              {"body", range_body("/joinery/peers/", "/joinery/peers0")},
              {"json_pointer", "/kvs"},
              {"field", "value"},
              {"decode", "base64"}});
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), Status::not_found);
    EXPECT_EQ(std::string(error.what()), "POST " + etcd.client_url() +
                                             "/v3/kv/range: nothing at json_pointer /kvs in the "
                                             "answer (its members are header)");
  }
}

}  // namespace
