// Secrets never reach any output. Every secret key of every bundled provider and
// backend is set to a unique marker, and the real joinery binary runs through its
// success and failure paths (bad configuration, discovery error, join error) at
// trace level, with JSON logs and with a summary file, against real servers (python3
// HTTP, serf agents) on loopback. The marker must appear in none of stdout, stderr
// or the summary -- while the servers prove the secret was really sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "support/child_process.hpp"
#include "support/http_server.hpp"
#include "support/joinery_run.hpp"
#include "support/loopback.hpp"
#include "support/paths.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"
#include "vcsim_server.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::CommandResult;
using test::HttpServer;
using test::SerfAgent;
using test::toml_array;
using test::toml_string;

// Unique per run, so an old log or cache can never make the test pass or fail.
const std::string &marker() {
  static const std::string value = [] {
    std::random_device random;
    std::ostringstream text;
    text << "mark3r-" << std::hex << random() << random();
    return text.str();
  }();
  return value;
}

// Every (kind, plugin, key) this test sets to the marker somewhere below.
const std::set<std::string> covered_secret_keys = {
    "provider http bearer_token",
    "provider http header",
    // Not a key: the password in url=http://user:PASSWORD@host/ (HttpUrlPassword).
    "backend serf rpc_auth",
    "provider azure secret_access_key",
    "provider aws secret_access_key",
    "provider aws session_token",
    "provider digitalocean api_token",
    "provider linode api_token",
    "provider scaleway token",
    "provider packet auth_token",
    "provider softlayer api_key",
    "provider aliyun access_key_secret",
    "provider tencentcloud access_key_secret",
    "provider os password",
    "provider os token",
    "provider vsphere password",
};

// The ways a command's output is produced: every log level's lines, JSON, and with
// every plugin in a runner process (its messages relayed to joinery).
const std::vector<std::vector<std::string>> output_variants = {
    {"--log-level", "trace"},
    {"--log-level", "trace", "--log-json"},
    {"--log-level", "trace", "--isolate-plugins"},
};

class SecretLeak : public testing::Test {
 protected:
  // Runs `joinery COMMAND args...` in every output variant (run and validate also
  // write a summary file) and expects no marker in anything it wrote. Returns the
  // exit status of the last run.
  int expect_no_marker(const std::string &command, std::vector<std::string> args) {
    int status = -1;
    for (const auto &variant : output_variants) {
      std::vector<std::string> argv = {test::joinery_binary().string(), command};
      argv.insert(argv.end(), variant.begin(), variant.end());
      const std::filesystem::path summary = dir_.path() / "summary.json";
      std::filesystem::remove(summary);
      if (command == "run" || command == "validate") {
        argv.insert(argv.end(), {"--summary", summary.string()});
      }
      argv.insert(argv.end(), args.begin(), args.end());
      const CommandResult result = test::run(argv, 30s, options());
      std::string summary_text;
      if (std::ifstream in(summary); in)
        summary_text.assign(std::istreambuf_iterator<char>(in), {});
      const std::string described = describe(argv);
      EXPECT_NE(result.status, -1) << described << ": did not finish";
      EXPECT_EQ(result.out.find(marker()), std::string::npos) << described << "\nstdout:\n"
                                                              << result.out;
      EXPECT_EQ(result.err.find(marker()), std::string::npos) << described << "\nstderr:\n"
                                                              << result.err;
      EXPECT_EQ(summary_text.find(marker()), std::string::npos) << described << "\nsummary:\n"
                                                                << summary_text;
      for (const std::string &other : also_secret_) {
        EXPECT_EQ((result.out + result.err + summary_text).find(other), std::string::npos)
            << described << ": " << other << "\nstderr:\n"
            << result.err;
      }
      status = result.status;
    }
    return status;
  }

  // A configuration file in the test's directory.
  std::string config(const std::string &toml) {
    return dir_.write("joinery-" + std::to_string(++configs_) + ".toml", toml).string();
  }

  test::ChildProcess::Options options() const {
    test::ChildProcess::Options out{.env = {{"XDG_CACHE_HOME", (dir_.path() / "cache").string()},
                                            {"JOINERY_TEST_RPC_AUTH", marker()}}};
    out.env.insert(extra_env_.begin(), extra_env_.end());
    return out;
  }

  static std::string describe(const std::vector<std::string> &argv) {
    std::string out;
    for (std::size_t i = 1; i < argv.size(); ++i) out += (i > 1 ? " " : "") + argv[i];
    return out;
  }

  test::TempDir dir_;
  int configs_ = 0;
  std::vector<std::string> also_secret_;          // other forms of the marker that may not show
  std::map<std::string, std::string> extra_env_;  // a case's own endpoints
};

// The test has a case for every secret key the bundled plugins declare: a plugin
// that adds one fails here until its case is written.
TEST_F(SecretLeak, CoversEverySecretKeyOfTheBundledPlugins) {
  const CommandResult r =
      test::run({test::joinery_binary().string(), "plugins", "list", "--json"}, 30s, options());
  ASSERT_EQ(r.status, 0) << r.err;
  const json listing = json::parse(r.out);
  std::set<std::string> declared;
  for (const char *kind : {"providers", "backends"}) {
    for (const json &item : listing[kind]) {
      for (const json &key : item["keys"]) {
        if (key["secret"].get<bool>()) {
          declared.insert(std::string(kind).substr(0, std::string(kind).size() - 1) + " " +
                          item["name"].get<std::string>() + " " + key["name"].get<std::string>());
        }
      }
    }
  }
  for (const std::string &key : declared) {
    EXPECT_TRUE(covered_secret_keys.count(key)) << key << " is secret but has no case here";
  }
  EXPECT_THAT(declared, testing::Contains("provider http bearer_token"));
  EXPECT_THAT(declared, testing::Contains("provider http header"));
  EXPECT_THAT(declared, testing::Contains("backend serf rpc_auth"));
}

// --- http: bearer_token -------------------------------------------------------

class HttpBearerToken : public SecretLeak {
 protected:
  HttpBearerToken()
      : server_({.routes = {
                     {{"path", "/peers"},
                      {"headers", {{"Authorization", "Bearer " + marker()}}},
                      {"answer", {"10.0.0.1", "10.0.0.2"}}},
                     // A server that quotes the request back in its error page.
                     {{"path", "/echo"},
                      {"status", 500},
                      {"content_type", "text/plain"},
                      {"answer", "bad gateway for Authorization: Bearer " + marker()}},
                     {{"path", "/not-json"},
                      {"content_type", "text/plain"},
                      {"answer", "token " + marker() + " is not JSON"}},
                 }}) {}

  std::string provider(const std::string &path, const std::string &more = "") const {
    return "provider=http url=" + server_.url(path) + " bearer_token=" + marker() + more;
  }

  // The server was sent the marker: the secret really was used.
  void expect_token_sent() const {
    bool sent = false;
    for (const json &request : server_.requests()) {
      sent = sent || request["headers"].value("Authorization", "") == "Bearer " + marker();
    }
    EXPECT_TRUE(sent) << server_.log();
  }

  HttpServer server_;
};

TEST_F(HttpBearerToken, DiscoverFindsTheAddresses) {
  EXPECT_EQ(expect_no_marker("discover", {provider("/peers")}), 0);
  expect_token_sent();
}

TEST_F(HttpBearerToken, DiscoverFailsWithAServerThatEchoesTheToken) {
  EXPECT_NE(expect_no_marker("discover", {provider("/echo")}), 0);
  EXPECT_NE(expect_no_marker("discover", {provider("/not-json")}), 0);
  expect_token_sent();
}

// A token read from a file is not one the host was told of: the provider itself keeps
// it out of its messages, even when the server quotes it back.
TEST_F(HttpBearerToken, ATokenFromAFileIsNeverShownEither) {
  const std::string base =
      "provider=http bearer_token_file=" + dir_.write("token", marker()).string() + " url=";
  EXPECT_EQ(expect_no_marker("discover", {base + server_.url("/peers")}), 0);
  EXPECT_NE(expect_no_marker("discover", {base + server_.url("/echo")}), 0);
  EXPECT_NE(expect_no_marker("discover", {base + server_.url("/not-json")}), 0);
  expect_token_sent();
}

TEST_F(HttpBearerToken, DiscoverRefusesABadConfiguration) {
  EXPECT_NE(expect_no_marker("discover", {"provider=http bearer_token=" + marker()}), 0);
  EXPECT_NE(expect_no_marker("discover", {provider("/peers", " port=http")}), 0);
  EXPECT_NE(expect_no_marker("discover", {provider("/peers", " no_such_key=1")}), 0);
  // A misspelt secret key: the provider does not declare it, so it is not known to be
  // secret; joinery masks the values of keys it does not know in what it shows.
  EXPECT_NE(expect_no_marker("discover", {"provider=http url=" + server_.url("/peers") +
                                          " bearer_tokn=" + marker()}),
            0);
  // A provider string that does not parse (go-discover's messages name keys only).
  EXPECT_NE(expect_no_marker("discover", {provider("/peers", " url")}), 0);
  EXPECT_NE(expect_no_marker("discover", {"provider=http bearer_token=\"" + marker()}), 0);
}

TEST_F(HttpBearerToken, RunJoinsWhatItFound) {
  const std::string file = config("retry_join = " + toml_array({provider("/peers")}) +
                                  "\n[join.lan]\nbackend = \"log\"\n");
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 0);
  EXPECT_EQ(expect_no_marker("validate", {"--config", file}), 0);
  expect_token_sent();
}

TEST_F(HttpBearerToken, RunGivesUpAfterDiscoveryErrors) {
  const std::string file =
      config("retry_join = " + toml_array({provider("/echo"), provider("/not-json")}) +
             "\nretry_max = 1\nretry_interval = \"0s\"\n[join.lan]\nbackend = \"log\"\n");
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 1);
}

TEST_F(HttpBearerToken, RunAndValidateRefuseABadConfiguration) {
  const std::string file = config("retry_join = " + toml_array({provider("/peers", " port=x")}) +
                                  "\nretry_jion = 1\n[join.lan]\nbackend = \"log\"\n");
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 2);
  EXPECT_EQ(expect_no_marker("validate", {"--config", file}), 2);
  EXPECT_NE(expect_no_marker(
                "run", {"--retry-join", provider("/peers", " port=x"), "--join-backend", "log"}),
            0);
}

// --- http: header ---------------------------------------------------------------

class HttpHeader : public SecretLeak {
 protected:
  HttpHeader()
      : server_({.routes = {
                     {{"path", "/peers"},
                      {"headers", {{"X-Api-Key", marker()}}},
                      {"answer", {"10.0.0.1"}}},
                     {{"path", "/echo"},
                      {"status", 502},
                      {"content_type", "text/plain"},
                      {"answer", "upstream refused X-Api-Key: " + marker()}},
                     // The same, quoting only the header's value.
                     {{"path", "/echo-value"},
                      {"status", 401},
                      {"answer", {{"error", "bad key"}, {"key", marker()}}}},
                 }}) {}

  std::string provider(const std::string &path) const {
    return "provider=http url=" + server_.url(path) + " header=\"X-Api-Key: " + marker() + "\"";
  }

  HttpServer server_;
};

TEST_F(HttpHeader, DiscoverAndRunSendTheHeaderAndNeverShowIt) {
  EXPECT_EQ(expect_no_marker("discover", {provider("/peers")}), 0);
  EXPECT_NE(expect_no_marker("discover", {provider("/echo")}), 0);
  EXPECT_NE(expect_no_marker("discover", {provider("/echo-value")}), 0);
  const std::string file = config("retry_join = " + toml_array({provider("/peers")}) +
                                  "\n[join.lan]\nbackend = \"log\"\n");
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 0);
  bool sent = false;
  for (const json &request : server_.requests()) {
    sent = sent || request["headers"].value("X-Api-Key", "") == marker();
  }
  EXPECT_TRUE(sent) << server_.log();
}

// --- http: a password in the url ----------------------------------------------

// Standard base64, for the Basic credential curl makes of the URL's user and password.
std::string base64(std::string_view bytes) {
  static constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      group = (group << 8) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0U);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out += j <= n ? alphabet[(group >> (18 - 6 * j)) & 0x3fU] : '=';
    }
  }
  return out;
}

class HttpUrlPassword : public SecretLeak {
 protected:
  HttpUrlPassword()
      : server_({.routes = {
                     {{"path", "/peers"},
                      {"headers", {{"Authorization", "Basic " + base64("bob:" + marker())}}},
                      {"answer", {"10.0.0.1"}}},
                     // A server that quotes the Basic header back.
                     {{"path", "/echo"},
                      {"status", 403},
                      {"content_type", "text/plain"},
                      {"answer", "refused Authorization: Basic " + base64("bob:" + marker())}},
                 }}) {
    also_secret_.push_back(base64("bob:" + marker()));
  }

  std::string provider(const std::string &path) const {
    std::string url = server_.url(path);
    url.replace(url.find("://") + 3, 0, "bob:" + marker() + "@");
    return "provider=http url=" + url;
  }

  HttpServer server_;
};

TEST_F(HttpUrlPassword, NeitherTheHostNorThePluginShowsIt) {
  EXPECT_EQ(expect_no_marker("discover", {provider("/peers")}), 0);
  EXPECT_NE(expect_no_marker("discover", {provider("/echo")}), 0);
  const std::string file = config("retry_join = " + toml_array({provider("/echo"), "10.0.0.9"}) +
                                  "\n[join.lan]\nbackend = \"log\"\n");
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 0);  // the host's address= field
  EXPECT_EQ(expect_no_marker("validate", {"--config", file}), 0);
}

// --- serf: rpc_auth -----------------------------------------------------------

class SerfRpcAuth : public SecretLeak {
 protected:
  std::string lan_backend(const std::string &rpc_addr) const {
    return "[join.lan]\nbackend = \"serf\"\nrpc_addr = " + toml_string(rpc_addr) +
           "\nrpc_auth = " + toml_string(marker()) + "\n";
  }
};

TEST_F(SerfRpcAuth, RunJoinsThroughAnAgentThatWantsTheToken) {
  SerfAgent local({.node = "local", .rpc_auth = marker()});
  SerfAgent peer({.node = "peer"});
  const std::string file = config("retry_join = " + toml_array({peer.bind_address()}) + "\n" +
                                  lan_backend(local.rpc_address()));
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 0);
  EXPECT_TRUE(local.wait_for_alive(2, 10s)) << "the agent took the token and joined";
  EXPECT_EQ(expect_no_marker("validate", {"--config", file}), 0);
}

TEST_F(SerfRpcAuth, RunGivesUpWhenTheAgentRefusesTheToken) {
  SerfAgent local({.node = "local", .rpc_auth = "another-token"});
  const std::string file = config(
      "retry_join = [\"127.0.0.1:1\"]\nretry_max = 1\n"
      "retry_interval = \"0s\"\n" +
      lan_backend(local.rpc_address()));
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 1);
}

TEST_F(SerfRpcAuth, RunGivesUpWhenTheJoinFails) {
  SerfAgent local({.node = "local", .rpc_auth = marker()});
  const std::string nobody = "127.0.0.1:" + std::to_string(test::free_port());
  const std::string file =
      config("retry_join = " + toml_array({nobody}) + "\nretry_max = 1\nretry_interval = \"0s\"\n" +
             lan_backend(local.rpc_address()));
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 1);
}

TEST_F(SerfRpcAuth, RunGivesUpWhenNoAgentListens) {
  const std::string nowhere = "127.0.0.1:" + std::to_string(test::free_port());
  const std::string file = config(
      "retry_join = [\"10.0.0.1\"]\nretry_max = 1\n"
      "retry_interval = \"0s\"\n" +
      lan_backend(nowhere));
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 1);
  EXPECT_EQ(expect_no_marker("run", {"--retry-join", "10.0.0.1", "--retry-max", "0", "--retry-max",
                                     "1", "--retry-interval", "0s", "--join-backend",
                                     "serf rpc_addr=" + nowhere + " rpc_auth=" + marker()}),
            1);
}

TEST_F(SerfRpcAuth, RunAndValidateRefuseABadConfiguration) {
  const std::string bad_address =
      config("retry_join = [\"10.0.0.1\"]\n" + lan_backend("127.0.0.1:99999"));
  EXPECT_NE(expect_no_marker("run", {"--config", bad_address}), 0);
  EXPECT_NE(expect_no_marker("validate", {"--config", bad_address}), 0);
  const std::string unknown_key = config("retry_join = [\"10.0.0.1\"]\n" +
                                         lan_backend("127.0.0.1:7373") + "rpc_auth_typo = 1\n");
  EXPECT_NE(expect_no_marker("validate", {"--config", unknown_key}), 0);
  const std::string misspelt =
      config("retry_join = [\"10.0.0.1\"]\n[join.lan]\nbackend = \"serf\"\n" +
             std::string("rpc_atuh = ") + toml_string(marker()) + "\n");
  EXPECT_NE(expect_no_marker("validate", {"--config", misspelt}), 0);
  EXPECT_NE(expect_no_marker(
                "run", {"--retry-join", "10.0.0.1", "--join-backend", "serf rpc_atuh=" + marker()}),
            0);
  // TOML that does not parse, on the line of the secret.
  const std::string syntax = config("[join.lan]\nbackend = \"serf\"\nrpc_auth = \"" + marker() +
                                    "\nretry_join = [\"10.0.0.1\"]\n");
  EXPECT_EQ(expect_no_marker("validate", {"--config", syntax}), 2);
  EXPECT_NE(
      expect_no_marker("validate", {"--join-backend", "serf rpc_auth=" + marker() + " rpc_addr"}),
      0);
  // A quote that does not end: the error quotes the flag.
  EXPECT_EQ(expect_no_marker("validate",
                             {"--join-backend", "serf rpc_auth=" + marker() + " rpc_addr=\"1"}),
            2);
}

TEST_F(SerfRpcAuth, RunJoinsWithTheTokenFromAFileOrTheEnvironment) {
  SerfAgent local({.node = "local", .rpc_auth = marker()});
  SerfAgent peer({.node = "peer"});
  const std::string token_file = dir_.write("rpc_auth", marker() + "\n").string();
  const std::string file =
      config("retry_join = " + toml_array({peer.bind_address()}) +
             "\n[join.lan]\nbackend = \"serf\"\nrpc_addr = " + toml_string(local.rpc_address()) +
             "\nrpc_auth_file = " + toml_string(token_file) + "\n");
  EXPECT_EQ(expect_no_marker("run", {"--config", file}), 0);
  EXPECT_TRUE(local.wait_for_alive(2, 10s)) << "the agent took the token and joined";
  EXPECT_EQ(expect_no_marker("run", {"--retry-join", peer.bind_address(), "--join-backend",
                                     "serf rpc_addr=" + local.rpc_address() +
                                         " rpc_auth_env=JOINERY_TEST_RPC_AUTH"}),
            0);
  // Given twice, or from a file that is not there: refused, naming the keys only.
  EXPECT_EQ(
      expect_no_marker("validate", {"--retry-join", "10.0.0.1", "--join-backend",
                                    "serf rpc_auth=" + marker() + " rpc_auth_file=" + token_file}),
      2);
  EXPECT_EQ(expect_no_marker("validate", {"--retry-join", "10.0.0.1", "--join-backend",
                                          "serf rpc_auth_file=/nonexistent/rpc_auth"}),
            2);
}

// --- azure: secret_access_key -------------------------------------------------

// Entra ID's token endpoint and Resource Manager (tests/plugins/azure/azure_api.py),
// whose client secret is the marker; one tenant quotes the secret it was sent back.
class AzureClientSecret : public SecretLeak {
 protected:
  AzureClientSecret()
      : server_({.handler = test::source_dir() / "tests/plugins/azure/azure_api.py",
                 .handler_config = {
                     {"tenant", "t"},
                     {"echo_tenant", "echo"},
                     {"client_id", "app"},
                     {"client_secret", marker()},
                     {"subscription", "sub"},
                     {"nics",
                      {{{"id", "n1"},
                        {"tags", {{"consul", "server"}}},
                        {"properties",
                         {{"ipConfigurations",
                           {{{"properties", {{"privateIPAddress", "10.0.0.1"}}}}}}}}}}}}}) {
    extra_env_ = {{"AZURE_AUTHORITY_HOST", server_.url("/")},
                  {"ARM_ENDPOINT", server_.url("/")},
                  {"AZURE_POD_IDENTITY_AUTHORITY_HOST", server_.url("")},
                  {"ARM_CLIENT_SECRET", ""}};
  }

  std::string provider(const std::string &tenant) const {
    return "provider=azure tag_name=consul tag_value=server subscription_id=sub client_id=app "
           "tenant_id=" +
           tenant + " secret_access_key=" + marker();
  }

  HttpServer server_;
};

TEST_F(AzureClientSecret, DiscoverFindsTheAddressesAndFailsWithAnEchoingTenant) {
  EXPECT_EQ(expect_no_marker("discover", {provider("t")}), 0);
  EXPECT_NE(expect_no_marker("discover", {provider("echo")}), 0);
  bool sent = false;
  for (const json &request : server_.requests()) {
    sent = sent || request["body"].get<std::string>().find("client_secret=" + marker()) !=
                       std::string::npos;
  }
  EXPECT_TRUE(sent) << server_.log();
}

// --- the REST clouds: digitalocean, linode, scaleway, packet, softlayer, aliyun,
// tencentcloud, os ------------------------------------------------------------------

// Each cloud's test server (tests/plugins/NAME/NAME_api.py) checks that the credential
// is the marker; a second one expects another, so the marker is refused with the
// cloud's error document. The endpoint comes from each SDK's variable. aliyun's and
// tencentcloud's servers check the secret by recomputing the request signature with it.
class RestCloudCredential : public SecretLeak {
 protected:
  struct Cloud {
    std::string name;
    std::string endpoint_variable;
    std::string endpoint_path;
    std::string credential_field;  // the handler config's member holding the credential
    json config;
    std::string entry;    // the provider string, its secret key set to the marker
    std::string bad_key;  // a value the provider refuses
    // For a handler whose config holds the credential elsewhere (a key pair, a user
    // list): the whole config for `credential`, instead of config + credential_field.
    std::function<json(const std::string &credential)> config_with = nullptr;
  };

  static std::vector<Cloud> clouds() {
    const std::string m = marker();
    const json project = json::parse(
        R"([{"id": "p", "name": "prod", "domain_id": "default", "domain_name": "Default"}])");
    const json servers = json::parse(R"([{"id": "s", "name": "a", "status": "ACTIVE",
        "project_id": "p", "metadata": {},
        "addresses": {"n": [{"addr": "10.0.0.6", "OS-EXT-IPS:type": "fixed"}]}}])");
    return {
        {"digitalocean", "DIGITALOCEAN_API_URL", "", "token", json::parse(R"({"droplets": [
           {"id": 1, "name": "a", "region": {"slug": "nyc3"}, "tags": [],
            "networks": {"v4": [{"ip_address": "10.0.0.1", "type": "private"}]}}]})"),
         "provider=digitalocean api_token=" + m, " addr_type=bad"},
        {"linode", "LINODE_URL", "", "token", json::parse(R"({"instances": [
           {"id": 1, "label": "a", "region": "us-east", "tags": [],
            "ips": {"ipv4": {"private": [{"address": "10.0.0.2"}]}, "ipv6": {}}}]})"),
         "provider=linode api_token=" + m, " address_type=bad"},
        {"scaleway", "SCW_API_URL", "", "token", json::parse(R"({"servers": [
           {"id": "s", "name": "a", "zone": "fr-par-1", "organization": "o", "tags": ["consul"],
            "private_ip": "10.0.0.3"}]})"),
         "provider=scaleway region=fr-par-1 tag_name=consul token=" + m, " region=mars"},
        {"packet", "PACKET_URL", "/metal/v1", "token", json::parse(R"({"project": "p", "devices": [
           {"id": "d", "hostname": "a", "tags": [], "facility": {"code": "ewr1"},
            "ip_addresses": [{"address": "10.0.0.4", "address_family": 4, "public": false}]}]})"),
         "provider=packet project=p auth_token=" + m, " address_type=bad"},
        {"softlayer", "SL_ENDPOINT_URL", "/rest/v3", "api_key", json::parse(R"({"username": "u",
           "guests": [{"id": 1, "hostname": "a", "domain": "d", "datacenter": "dal09", "tags": [],
                       "primaryBackendIpAddress": "10.0.0.5"}]})"),
         "provider=softlayer username=u api_key=" + m, " no_such_key=1"},
        {"aliyun", "ALIBABA_CLOUD_ECS_ENDPOINT", "", "", json(),
         "provider=aliyun region=cn-hangzhou access_key_id=LTAI access_key_secret=" + m,
         " no_such_key=1",
         [](const std::string &credential) {
           return json{{"keys", {{"LTAI", credential}}},
                       {"instances", json::parse(R"([{"InstanceId": "i", "RegionId": "cn-hangzhou",
                          "Status": "Running", "InstanceNetworkType": "vpc", "Tags": {"Tag": []},
                          "VpcAttributes": {"PrivateIpAddress": {"IpAddress": ["10.0.0.7"]}},
                          "InnerIpAddress": {"IpAddress": []}}])")}};
         }},
        {"tencentcloud", "TENCENTCLOUD_CVM_ENDPOINT", "", "", json(),
         "provider=tencentcloud region=ap-guangzhou access_key_id=AKID access_key_secret=" + m,
         " address_type=bad",
         [](const std::string &credential) {
           return json{{"keys", {{"AKID", credential}}},
                       {"instances", json::parse(R"([{"InstanceId": "ins", "Region": "ap-guangzhou",
                          "State": "RUNNING", "Tags": [], "PrivateIpAddresses": ["10.0.0.8"]}])")}};
         }},
        {"os", "OS_AUTH_URL", "/v3", "", json(),
         "provider=os user_name=u project_id=p password=" + m, " no_such_key=1",
         [=](const std::string &credential) {
           return json{{"users",
                        {{{"name", "u"},
                          {"domain_id", "default"},
                          {"domain_name", "Default"},
                          {"password", credential}}}},
                       {"tokens", json::array()},
                       {"projects", project},
                       {"servers", servers}};
         }},
        {"os", "OS_AUTH_URL", "/v3", "", json(), "provider=os project_id=p token=" + m,
         " no_such_key=1",
         [=](const std::string &credential) {
           return json{{"users", json::array()},
                       {"tokens", {credential}},
                       {"projects", project},
                       {"servers", servers}};
         }},
    };
  }

  // The cloud's server, expecting `credential`; the commands are pointed at it.
  HttpServer &serve(const Cloud &cloud, const std::string &credential) {
    json config = cloud.config;
    if (cloud.config_with) {
      config = cloud.config_with(credential);
    } else {
      config[cloud.credential_field] = credential;
    }
    server_ = std::make_unique<HttpServer>(HttpServer::Options{
        .handler = test::source_dir() / "tests/plugins" / cloud.name / (cloud.name + "_api.py"),
        .handler_config = std::move(config)});
    extra_env_[cloud.endpoint_variable] = server_->url(cloud.endpoint_path);
    return *server_;
  }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(RestCloudCredential, DiscoverSucceedsIsRefusedAndRejectsBadKeysWithoutShowingIt) {
  for (const Cloud &cloud : clouds()) {
    SCOPED_TRACE(cloud.entry);
    const HttpServer &accepting = serve(cloud, marker());
    EXPECT_EQ(expect_no_marker("discover", {cloud.entry}), 0) << accepting.log();
    const HttpServer &refusing = serve(cloud, "another-credential");
    EXPECT_EQ(expect_no_marker("discover", {cloud.entry}), 1);
    EXPECT_FALSE(refusing.requests().empty());
    EXPECT_EQ(expect_no_marker("discover", {cloud.entry + cloud.bad_key}), 2);
  }
}

// --- vsphere: password -------------------------------------------------------------

// govmomi's vCenter simulator (the vsphere tests' vcsim), whose VIM login accepts the
// marker as the user's password; a second one accepts another, so the marker's login
// is refused with InvalidLogin.
TEST_F(SecretLeak, VspherePasswordLogsInIsRefusedAndRejectsBadKeysWithoutShowingIt) {
  const test::TlsCertificates tls;
  const json guests = {
      {"DC0_H0_VM0", {{{"ip_config", {"10.0.0.9"}}, {"ip_address", json::array()}}}}};
  const auto entry = [&](const test::Vcsim &vcsim) {
    return "provider=vsphere category_name=consul tag_name=server host=" + vcsim.host() +
           " user=" + test::Vcsim::user + " ca_file=" + tls.ca_cert().string() +
           " password=" + marker();
  };
  {
    test::Vcsim accepting(tls, guests, marker());
    accepting.attach(accepting.create_tag("server", accepting.create_category("consul")),
                     "DC0_H0_VM0");
    EXPECT_EQ(expect_no_marker("discover", {entry(accepting)}), 0);
  }
  test::Vcsim refusing(tls, guests, "another-password");
  (void)refusing.create_tag("server", refusing.create_category("consul"));
  EXPECT_EQ(expect_no_marker("discover", {entry(refusing)}), 1);
  EXPECT_EQ(expect_no_marker("discover", {entry(refusing) + " insecure_ssl=maybe"}), 2);
}

// --- aws: secret_access_key, session_token ------------------------------------

// EC2's Query API (tests/plugins/aws/aws_api.py), which recomputes each request's
// signature with botocore: the secret access key and the session token are the marker.
// A second server knows another secret, so the marker's signature is refused with
// SignatureDoesNotMatch. Each secret travels only as a signature or a signed header.
class AwsSecretKeys : public SecretLeak {
 protected:
  void serve(const std::string &secret) {
    server_ = std::make_unique<HttpServer>(HttpServer::Options{
        .handler = test::source_dir() / "tests/plugins/aws/aws_api.py",
        .handler_config = {
            {"keys", {{"AKIAMARKERTEST000000", {{"secret", secret}, {"token", marker()}}}}},
            {"instances",
             {{{"id", "i-1"},
               {"region", "us-east-1"},
               {"tags", {{"consul", "server"}}},
               {"private", "10.0.0.6"}}}}}});
    extra_env_ = {{"AWS_ENDPOINT_URL", server_->url("")}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  }

  static std::string entry() {
    return "provider=aws region=us-east-1 tag_key=consul tag_value=server "
           "access_key_id=AKIAMARKERTEST000000 secret_access_key=" +
           marker() + " session_token=" + marker();
  }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(AwsSecretKeys, DiscoverSignsIsRefusedAndRejectsBadKeysWithoutShowingThem) {
  serve(marker());
  EXPECT_EQ(expect_no_marker("discover", {entry()}), 0) << server_->log();
  EXPECT_EQ(server_->requests().at(0)["headers"]["X-Amz-Security-Token"], marker());
  serve("another-secret-access-key");
  EXPECT_EQ(expect_no_marker("discover", {entry()}), 1);
  EXPECT_FALSE(server_->requests().empty());
  EXPECT_EQ(expect_no_marker("discover", {entry() + " addr_type=bad"}), 2);
}

}  // namespace
}  // namespace joinery
