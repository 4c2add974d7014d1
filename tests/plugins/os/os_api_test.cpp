// The os provider against a local server speaking Keystone v3, Nova's servers API and
// the metadata service (os_api.py: real token flow with X-Subject-Token and the
// catalog, paging by marker, error documents; the users and servers are the test's),
// in process and as the real `joinery discover` binary.
#include "os_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::cloud::Environment;
using joinery::os::discover_os;
using joinery::os::read_os_settings;
using joinery::sdk::Status;
using joinery::test::cloud_api_server;
using joinery::test::CommandResult;
using joinery::test::discover_command;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::variables;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

const std::string password = "0s-pa55w0rd";
const std::string user_token = "gAAAAuser-t0ken";

json server_of(int id, const std::string &project, const std::string &status, bool tagged) {
  return {
      {"id", "srv-" + std::to_string(id)},
      {"name", "node-" + std::to_string(id)},
      {"status", status},
      {"project_id", project},
      {"metadata", tagged ? json{{"consul", "server"}} : json{{"role", "web"}}},
      {"addresses",
       {{"private",
         {{{"addr", "10.2." + std::to_string(id / 250) + "." + std::to_string(id % 250)},
           {"version", 4},
           {"OS-EXT-IPS:type", "fixed"}},
          {{"addr", "fd00::" + std::to_string(id)}, {"version", 6}, {"OS-EXT-IPS:type", "fixed"}},
          {{"addr", "203.0.113." + std::to_string(id % 250)},
           {"version", 4},
           {"OS-EXT-IPS:type", "floating"}}}}}}};
}

// 1,200 ACTIVE tagged servers of project p-1 (3 pages of 500), some SHUTOFF, some
// untagged, some of another project.
json many_servers() {
  json servers = json::array();
  for (int id = 1; id <= 1200; ++id) {
    servers.push_back(server_of(id, "p-1", "ACTIVE", true));
  }
  servers.push_back(server_of(1201, "p-1", "SHUTOFF", true));
  servers.push_back(server_of(1202, "p-1", "ACTIVE", false));
  servers.push_back(server_of(1203, "p-2", "ACTIVE", true));
  return servers;
}

json api_config(json servers = many_servers()) {
  return {{"users",
           {{{"name", "consul"},
             {"domain_id", "d-1"},
             {"domain_name", "Ops"},
             {"password", password}}}},
          {"tokens", {user_token}},
          {"projects",
           {{{"id", "p-1"}, {"name", "prod"}, {"domain_id", "d-1"}, {"domain_name", "Ops"}},
            {{"id", "p-2"}, {"name", "test"}, {"domain_id", "d-1"}, {"domain_name", "Ops"}}}},
          {"metadata_project", "p-2"},
          {"servers", std::move(servers)}};
}

class OsApi : public ::testing::Test {
 protected:
  joinery::cloud::Found discover(const PluginConfig &config, const HttpServer &at,
                                 const joinery::sdk::CallBounds &interruption = {},
                                 Environment::Variables env = {}) {
    env["OS_AUTH_URL"] = at.url("/v3");
    env["OS_METADATA_URL"] = at.url("");
    return discover_os(read_os_settings(config.view(), variables(env)), interruption);
  }
  Strings addresses(int from, int to) {
    Strings expected;
    for (int id = from; id <= to; ++id) {
      expected.push_back("10.2." + std::to_string(id / 250) + "." + std::to_string(id % 250));
      expected.push_back("fd00::" + std::to_string(id));
    }
    return expected;
  }

  HttpServer server = cloud_api_server("os", api_config());
};

TEST_F(OsApi, PasswordAuthReadsEveryPageOfTheMatchingServersFixedAddresses) {
  const auto found = discover({{"user_name", "consul"},
                               {"password", password},
                               {"domain_id", "d-1"},
                               {"project_id", "p-1"},
                               {"tag_key", "consul"},
                               {"tag_value", "server"}},
                              server);
  EXPECT_EQ(found.addresses, addresses(1, 1200));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0]["path"], "/v3/auth/tokens");
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(requests[i]["path"], "/compute/v2.1/servers/detail");
    EXPECT_EQ(requests[i]["query"]["status"], "ACTIVE");
    EXPECT_EQ(requests[i]["headers"]["X-Auth-Token"].get<std::string>().rfind("gAAAA", 0), 0u);
  }
}

TEST_F(OsApi, ProjectAndDomainByNameAndTheOsEnvironment) {
  const auto found = discover({{"tag_key", "consul"}, {"tag_value", "server"}}, server, {},
                              {{"OS_USERNAME", "consul"},
                               {"OS_PASSWORD", password},
                               {"OS_USER_DOMAIN_NAME", "Ops"},
                               {"OS_PROJECT_NAME", "test"}});
  EXPECT_EQ(found.addresses, addresses(1203, 1203));
}

TEST_F(OsApi, TokenAuthAndTheProjectFromTheMetadataService) {
  const auto found = discover({{"token", user_token}}, server);
  EXPECT_EQ(found.addresses, addresses(1203, 1203));
  EXPECT_EQ(server.requests().at(0)["path"], "/openstack/latest/meta_data.json");
  EXPECT_NE(std::find(found.notes.begin(), found.notes.end(),
                      "os: project p-2 from the metadata service"),
            found.notes.end());
}

TEST_F(OsApi, ARegionWithoutComputeEndpointNamesTheRegionsThereAre) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"token", user_token}, {"project_id", "p-1"}, {"region", "RegionNine"}}, server);
  });
  EXPECT_NE(std::string(error.what())
                .find("no public compute endpoint in region RegionNine (only in RegionOne, "
                      "RegionTwo); check region"),
            std::string::npos)
      << error.what();
}

TEST_F(OsApi, AWrongPasswordFailsWithKeystonesErrorAndAHint) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"user_name", "consul"},
              {"password", "wr0ng-pa55"},
              {"project_id", "p-1"},
              {"domain_id", "d-1"}},
             server);
  });
  const std::string text = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(text.find("HTTP 401"), std::string::npos) << text;
  EXPECT_NE(text.find("Unauthorized: The request you have made requires authentication. (check "
                      "user_name and password"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("wr0ng-pa55"), std::string::npos) << text;
}

TEST_F(OsApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  json config = api_config({server_of(5, "p-1", "ACTIVE", true)});
  config["throttle"] = 1;
  HttpServer throttled = cloud_api_server("os", config);
  const auto found = discover({{"token", user_token}, {"project_id", "p-1"}}, throttled);
  EXPECT_EQ(found.addresses, addresses(5, 5));
  EXPECT_EQ(throttled.requests().size(), 3u);
}

TEST_F(OsApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  json config = api_config();
  config["hang"] = true;
  HttpServer hanging = cloud_api_server("os", config);
  const auto error = joinery::test::thrown_error([&] {
    discover({{"token", user_token}, {"project_id", "p-1"}}, hanging,
             joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
  EXPECT_NE(std::string(error.what()).find("POST " + hanging.url("/v3/auth/tokens")),
            std::string::npos)
      << error.what();
}

TEST_F(OsApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config, const Environment &environment) {
    return joinery::test::thrown_error([&] { (void)read_os_settings(config.view(), environment); });
  };
  auto error = refusal({{"token", user_token}}, variables({}));
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_EQ(std::string(error.what()), "auth_url: missing value (nor is OS_AUTH_URL set)");
  error = refusal({{"auth_url", "https://k/v3"}, {"user_name", "consul"}}, variables({}));
  EXPECT_NE(std::string(error.what()).find("password: missing value"), std::string::npos)
      << error.what();
  error = refusal({{"auth_url", "https://k/v3"}, {"password", password}}, variables({}));
  EXPECT_NE(std::string(error.what()).find("user_name: missing value"), std::string::npos)
      << error.what();
  error = refusal({{"auth_url", "keystone:5000"}, {"token", user_token}}, variables({}));
  EXPECT_EQ(std::string(error.what()),
            "auth_url: \"keystone:5000\" is not an http:// or https:// URL");
}

TEST_F(OsApi, TheDiscoverCommandPrintsTheAddressesAndNeverThePassword) {
  const CommandResult r = discover_command(
      {"--log-level", "debug",
       "provider=os auth_url=" + server.url("/v3") +
           " project_name=test domain_name=Ops user_name=consul tag_key=consul tag_value=server "
           "password=" +
           password},
      {});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.2.4.203 fd00::1203\n");
  joinery::test::expect_never_printed(r, password);
}

TEST_F(OsApi, TheDiscoverCommandNeverPrintsTheTokenNorTheOneIssued) {
  const CommandResult r =
      discover_command({"--log-level", "debug", "provider=os project_id=p-9 token=" + user_token},
                       {{"OS_AUTH_URL", server.url("/v3")}});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("Unauthorized"), std::string::npos) << r.err;
  joinery::test::expect_never_printed(r, user_token);
}

TEST_F(OsApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows(
      "os", {"auth_url", "project_id", "project_name", "tag_key", "tag_value", "user_name",
             "password", "token", "insecure", "region", "domain_id", "domain_name", "OS_CACERT",
             "provider=os auth_url=https://keystone:5000/v3"});
}

}  // namespace
