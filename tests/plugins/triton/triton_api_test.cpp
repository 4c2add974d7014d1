// The triton provider against a local server speaking CloudAPI's ListMachines
// (triton_api.py: real paths, paging, error documents, and the HTTP Signature checked
// with the key's public half by python3-cryptography; the machines are the test's).
// The keys are made by ssh-keygen and held by a real ssh-agent the test starts; the
// provider runs in process and as the real `joinery discover` binary.
#include "triton_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "ssh_key.hpp"
#include "support/child_process.hpp"
#include "support/plugin_config.hpp"
#include "support/temp_dir.hpp"
#include "support/thrown_error.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

using joinery::cloud::Environment;
using joinery::sdk::Status;
using joinery::test::ChildProcess;
using joinery::test::cloud_api_server;
using joinery::test::CommandResult;
using joinery::test::discover_command;
using joinery::test::file_text;
using joinery::test::HttpServer;
using joinery::test::make_ssh_key;
using joinery::test::PluginConfig;
using joinery::test::SshKey;
using joinery::test::TempDir;
using joinery::test::variables;
using joinery::triton::discover_triton;
using joinery::triton::read_triton_settings;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

json machine(int id, bool tagged) {
  return {{"id", "uuid-" + std::to_string(id)},
          {"name", "node-" + std::to_string(id)},
          {"state", "running"},
          {"tags", tagged ? json{{"consul-role", "server"}} : json{{"role", "web"}}},
          {"primaryIp", "10.88." + std::to_string(id / 250) + "." + std::to_string(id % 250)}};
}

// 2,300 tagged machines (3 pages of 1000) and 4 untagged ones.
json many_machines() {
  json machines = json::array();
  for (int id = 1; id <= 2300; ++id) {
    machines.push_back(machine(id, true));
  }
  for (int id = 2301; id <= 2304; ++id) {
    machines.push_back(machine(id, false));
  }
  return machines;
}

class TritonApi : public ::testing::Test {
 protected:
  TritonApi() {
    agent_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"ssh-agent", "-D", "-a", socket_.string()});
    for (int i = 0; i < 500 && !std::filesystem::exists(socket_); ++i) {
      std::this_thread::sleep_for(10ms);
    }
    for (const SshKey *key : {&rsa_, &ed25519_}) {
      const CommandResult added =
          joinery::test::run({"ssh-add", "-q", key->file.string()}, 10s,
                             {.env = {{"SSH_AUTH_SOCK", socket_.string()}}});
      EXPECT_EQ(added.status, 0) << added.err;
    }
  }

  json api_config(json machines = many_machines()) const {
    return {{"account", "acme"},
            {"keys",
             {{rsa_.md5, rsa_.public_line},
              {ed25519_.sha256, ed25519_.public_line},
              {ecdsa_.md5, ecdsa_.public_line}}},
            {"machines", std::move(machines)}};
  }

  joinery::cloud::Found discover(const PluginConfig &config, const HttpServer &at,
                                 const joinery::sdk::CallBounds &interruption = {}) const {
    return discover_triton(
        read_triton_settings(config.view(), variables({{"TRITON_URL", at.url("")},
                                                       {"SSH_AUTH_SOCK", socket_.string()}})),
        interruption);
  }

  TempDir dir_;
  std::filesystem::path socket_ = dir_.path() / "agent.sock";
  SshKey rsa_ = make_ssh_key(dir_, "id_rsa", {"-t", "rsa", "-b", "2048", "-m", "PEM"});
  SshKey ed25519_ = make_ssh_key(dir_, "id_ed25519", {"-t", "ed25519"});
  SshKey ecdsa_ = make_ssh_key(dir_, "id_ecdsa", {"-t", "ecdsa", "-b", "256", "-m", "PEM"});
  std::unique_ptr<ChildProcess> agent_;
  HttpServer server = cloud_api_server("triton", api_config());
};

TEST_F(TritonApi, TheAgentsRsaKeySignsEveryPageOfTheTaggedMachines) {
  const auto found = discover({{"account", "acme"},
                               {"key_id", rsa_.md5},
                               {"tag_key", "consul-role"},
                               {"tag_value", "server"}},
                              server);
  ASSERT_EQ(found.addresses.size(), 2300u);
  EXPECT_EQ(found.addresses.front(), "10.88.0.1");
  EXPECT_EQ(found.addresses.back(), "10.88.9.50");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(requests[i]["path"], "/acme/machines");
    EXPECT_EQ(requests[i]["query"]["offset"], std::to_string(1000 * i));
    EXPECT_EQ(requests[i]["query"]["tag.consul-role"], "server");
    EXPECT_NE(
        requests[i]["headers"]["Authorization"].get<std::string>().find("algorithm=\"rsa-sha256\""),
        std::string::npos);
  }
}

TEST_F(TritonApi, AnEd25519KeyInTheAgentFoundBySha256Fingerprint) {
  HttpServer one = cloud_api_server("triton", api_config({machine(3, true)}));
  const auto found = discover({{"account", "acme"}, {"key_id", ed25519_.sha256}}, one);
  EXPECT_EQ(found.addresses, Strings{"10.88.0.3"});
}

TEST_F(TritonApi, AKeyFileSignsWithoutAnAgent) {
  HttpServer one = cloud_api_server("triton", api_config({machine(4, true)}));
  for (const SshKey *key : {&rsa_, &ecdsa_}) {
    const PluginConfig config{
        {"account", "acme"}, {"key_id", key->md5}, {"key_file", key->file.string()}};
    const auto found = discover_triton(
        read_triton_settings(config.view(), variables({{"TRITON_URL", one.url("")}})), {});
    EXPECT_EQ(found.addresses, Strings{"10.88.0.4"}) << key->file;
  }
}

TEST_F(TritonApi, AKeyFileInOpenSshFormatIsRefusedWithTheRemedy) {
  const PluginConfig config{
      {"account", "acme"}, {"key_id", ed25519_.md5}, {"key_file", ed25519_.file.string()}};
  const auto error = joinery::test::thrown_error([&] {
    discover_triton(
        read_triton_settings(config.view(), variables({{"TRITON_URL", server.url("")}})), {});
  });
  EXPECT_NE(std::string(error.what()).find("ssh-keygen -p -m PEM"), std::string::npos)
      << error.what();
  EXPECT_EQ(std::string(error.what()).find(file_text(ed25519_.file).substr(40, 20)),
            std::string::npos);
}

TEST_F(TritonApi, AKeyTheAgentDoesNotHoldIsNamed) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"account", "acme"}, {"key_id", ecdsa_.md5}}, server);
  });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(
      std::string(error.what())
          .find("holds no key with fingerprint " + ecdsa_.md5 + " (of 2 keys); ssh-add the key"),
      std::string::npos)
      << error.what();
}

TEST_F(TritonApi, NoAgentListeningIsAClearError) {
  const PluginConfig config{{"account", "acme"}, {"key_id", rsa_.md5}};
  const auto error = joinery::test::thrown_error([&] {
    discover_triton(
        read_triton_settings(config.view(),
                             variables({{"TRITON_URL", server.url("")},
                                        {"SSH_AUTH_SOCK", (dir_.path() / "none.sock").string()}})),
        {});
  });
  EXPECT_NE(std::string(error.what()).find("cannot connect"), std::string::npos) << error.what();
}

// An "agent" that takes the request and never answers: the call's cancellation (here
// its cancel fd, written once the agent holds the request) ends the exchange, where
// the agent's own time limit would have waited 5 s and failed as unavailable.
TEST_F(TritonApi, TheCallsCancellationInterruptsAnAgentThatHangsMidExchange) {
  const std::string path = (dir_.path() / "hang.sock").string();
  const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(::bind(listener, reinterpret_cast<const sockaddr *>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  int cancel[2];
  ASSERT_EQ(::pipe(cancel), 0);
  std::atomic<bool> request_seen{false};
  std::thread agent([&] {
    const int connection = ::accept(listener, nullptr, nullptr);
    char request[5];
    request_seen = connection >= 0 && ::recv(connection, request, 5, MSG_WAITALL) == 5;
    (void)!::write(cancel[1], "x", 1);  // the host cancels the call while the agent hangs
    char rest;
    (void)::recv(connection, &rest, 1, 0);  // until the client goes away
    ::close(connection);
  });
  const PluginConfig config{{"account", "acme"}, {"key_id", rsa_.md5}};
  const auto error = joinery::test::thrown_error([&] {
    discover_triton(read_triton_settings(config.view(), variables({{"TRITON_URL", server.url("")},
                                                                   {"SSH_AUTH_SOCK", path}})),
                    {{}, cancel[0], std::nullopt});
  });
  agent.join();
  ::close(listener);
  ::close(cancel[0]);
  ::close(cancel[1]);
  EXPECT_TRUE(request_seen);
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
  EXPECT_EQ(std::string(error.what()),
            "triton: ssh-agent at " + path + ": cancelled while waiting for it");
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(TritonApi, AKeyTheAccountDoesNotKnowFailsWithTheCloudsCode) {
  json config = api_config();
  config["keys"].erase(rsa_.md5);
  HttpServer strict = cloud_api_server("triton", config);
  const auto error = joinery::test::thrown_error([&] {
    discover({{"account", "acme"}, {"key_id", rsa_.md5}}, strict);
  });
  const std::string text = error.what();
  EXPECT_NE(text.find("HTTP 401"), std::string::npos) << text;
  EXPECT_NE(text.find("InvalidCredentials: Invalid key /acme/keys/" + rsa_.md5 +
                      " (check account and key_id"),
            std::string::npos)
      << text;
}

TEST_F(TritonApi, ASignatureByAnotherKeyIsRefusedAsInvalid) {
  json config = api_config();
  config["keys"][rsa_.md5] = ecdsa_.public_line;  // the account holds another key under that id
  HttpServer strict = cloud_api_server("triton", config);
  const auto error = joinery::test::thrown_error([&] {
    discover({{"account", "acme"}, {"key_id", rsa_.md5}}, strict);
  });
  EXPECT_NE(std::string(error.what()).find("InvalidSignature"), std::string::npos) << error.what();
}

TEST_F(TritonApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  json config = api_config({machine(5, true)});
  config["throttle"] = 1;
  HttpServer throttled = cloud_api_server("triton", config);
  const auto found = discover({{"account", "acme"}, {"key_id", rsa_.md5}}, throttled);
  EXPECT_EQ(found.addresses, Strings{"10.88.0.5"});
  EXPECT_EQ(throttled.requests().size(), 2u);
}

TEST_F(TritonApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  json config = api_config();
  config["hang"] = true;
  HttpServer hanging = cloud_api_server("triton", config);
  const auto error = joinery::test::thrown_error([&] {
    discover({{"account", "acme"}, {"key_id", rsa_.md5}}, hanging,
             joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
}

TEST_F(TritonApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config, const Environment &environment) {
    return joinery::test::thrown_error(
        [&] { (void)read_triton_settings(config.view(), environment); });
  };
  auto error =
      refusal({{"key_id", "aa"}, {"url", "https://x"}}, variables({{"SSH_AUTH_SOCK", "/s"}}));
  EXPECT_EQ(std::string(error.what()),
            "account: missing value (nor is TRITON_ACCOUNT or SDC_ACCOUNT set)");
  error = refusal({{"account", "acme"}, {"key_id", "aa"}, {"url", "https://x"}}, variables({}));
  EXPECT_NE(std::string(error.what()).find("SSH_AUTH_SOCK is not set"), std::string::npos)
      << error.what();
  error = refusal({{"account", "acme"}, {"key_id", "aa"}, {"url", "x"}},
                  variables({{"SSH_AUTH_SOCK", "/s"}}));
  EXPECT_EQ(std::string(error.what()), "url: \"x\" is not an http:// or https:// URL");
}

TEST_F(TritonApi, TheDiscoverCommandSignsThroughTheAgentAndNeverPrintsTheSignature) {
  HttpServer one = cloud_api_server("triton", api_config({machine(6, true), machine(7, false)}));
  const CommandResult r =
      discover_command({"--log-level", "debug",
                        "provider=triton account=acme key_id=" + rsa_.md5 + " url=" + one.url("") +
                            " tag_key=consul-role tag_value=server"},
                       {{"SSH_AUTH_SOCK", socket_.string()}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.88.0.6\n");
  const std::string authorization = one.requests().at(0)["headers"]["Authorization"];
  const std::string signature = authorization.substr(authorization.find("signature=\"") + 11, 40);
  joinery::test::expect_never_printed(r, signature);
}

TEST_F(TritonApi, TheDiscoverCommandGoesThroughTheProxyOfTheEnvironment) {
  // The test server is a plain-HTTP proxy too: it answers the absolute-URI requests
  // for CloudAPI's host.
  const CommandResult r = discover_command(
      {"-q", "provider=triton account=acme key_id=" + rsa_.md5 +
                 " url=http://cloudapi.triton.example tag_key=consul-role tag_value=server"},
      {{"SSH_AUTH_SOCK", socket_.string()}, {"http_proxy", server.url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), ' '), 2299) << r.out.substr(0, 200);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["headers"]["Host"], "cloudapi.triton.example");
}

TEST_F(TritonApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows("triton", {"account", "key_id", "url", "tag_key", "tag_value",
                                              "key_file", "SSH_AUTH_SOCK", "provider=triton"});
}

}  // namespace
