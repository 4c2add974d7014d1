// The scaleway provider against a local server speaking Scaleway's Instance API v1
// (scaleway_api.py: real paths per zone, paging by X-Total-Count, X-Auth-Token check
// and error documents; the servers are the test's), in process and as the real
// `joinery discover` binary.
#include "scaleway_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::scaleway::discover_scaleway;
using joinery::scaleway::read_scaleway_settings;
using joinery::scaleway::zones_of;
using joinery::sdk::Status;
using joinery::test::cloud_api_server;
using joinery::test::CommandResult;
using joinery::test::discover_command;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::thrown_error;
using joinery::test::variables;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

const std::string token = "scw-s3cr3t-k3y-0000";
const std::string organization = "0b6a9d5c-0000-4000-8000-00000000000a";

json server(int id, const std::string &zone, const Strings &tags, json private_ip = nullptr) {
  const std::string n = std::to_string(id);
  return {{"id", "11111111-0000-4000-8000-" + std::string(12 - n.size(), '0') + n},
          {"name", "node-" + n},
          {"hostname", "node-" + n},
          {"zone", zone},
          {"organization", organization},
          {"tags", tags},
          {"state", "running"},
          {"private_ip", private_ip.is_null() ? json("10.64.0." + n) : private_ip}};
}

// fr-par-1: 1..7 tagged consul; fr-par-2: 8; fr-par-3: 9 tagged consul-old only;
// nl-ams-1: 10.
json servers() {
  json all = json::array();
  for (int id = 1; id <= 7; ++id) {
    all.push_back(server(id, "fr-par-1", {"consul", "web"}));
  }
  all.push_back(server(8, "fr-par-2", {"consul"}));
  all.push_back(server(9, "fr-par-3", {"consul-old"}));
  all.push_back(server(10, "nl-ams-1", {"consul"}));
  return all;
}

class ScalewayApi : public ::testing::Test {
 protected:
  joinery::cloud::Found discover(const PluginConfig &config, const HttpServer &on,
                                 const joinery::sdk::CallBounds &interruption = {}) {
    return discover_scaleway(
        read_scaleway_settings(config.view(), variables({{"SCW_API_URL", on.url("")}})),
        interruption);
  }

  HttpServer api = cloud_api_server(
      "scaleway", {{"token", token}, {"servers", servers()}, {"max_page_size", 3}});
};

TEST_F(ScalewayApi, ReadsEveryPageOfEveryZoneOfTheRegion) {
  const auto found = discover({{"region", "fr-par"},
                               {"tag_name", "consul"},
                               {"token", token},
                               {"organization", organization}},
                              api);
  EXPECT_EQ(found.addresses, (Strings{"10.64.0.1", "10.64.0.2", "10.64.0.3", "10.64.0.4",
                                      "10.64.0.5", "10.64.0.6", "10.64.0.7", "10.64.0.8"}));
  std::map<std::string, Strings> pages;
  for (const json &request : api.requests()) {
    EXPECT_EQ(request["headers"]["X-Auth-Token"], token);
    EXPECT_EQ(request["query"]["tags"], "consul");
    EXPECT_EQ(request["query"]["organization"], organization);
    EXPECT_EQ(request["query"]["per_page"], "100");
    pages[request["path"]].push_back(request["query"]["page"]);
  }
  EXPECT_EQ(pages, (std::map<std::string, Strings>{
                       {"/instance/v1/zones/fr-par-1/servers", {"1", "2", "3"}},
                       {"/instance/v1/zones/fr-par-2/servers", {"1"}},
                       {"/instance/v1/zones/fr-par-3/servers", {"1"}}}));
}

TEST_F(ScalewayApi, RegionsZonesAndLegacyNamesChooseTheZones) {
  EXPECT_EQ(zones_of("nl-ams"), (Strings{"nl-ams-1", "nl-ams-2", "nl-ams-3"}));
  EXPECT_EQ(zones_of("pl-waw-2"), Strings{"pl-waw-2"});
  EXPECT_EQ(zones_of("par1"), Strings{"fr-par-1"});
  EXPECT_EQ(zones_of("ams1"), Strings{"nl-ams-1"});
  EXPECT_EQ(zones_of("us-east"), Strings{});
  EXPECT_EQ(discover({{"region", "ams1"}, {"tag_name", "consul"}, {"token", token}}, api).addresses,
            Strings{"10.64.0.10"});
}

TEST_F(ScalewayApi, OnlyServersWithExactlyTheTagAndAPrivateIpAreReturned) {
  HttpServer one = cloud_api_server(
      "scaleway", {{"token", token},
                   {"servers",
                    {server(1, "pl-waw-1", {"consul"}, json()), server(2, "pl-waw-1", {"consul"}),
                     server(3, "pl-waw-1", {"consul-old"})}}});
  json no_ip = server(4, "pl-waw-1", {"consul"});
  no_ip["private_ip"] = nullptr;
  HttpServer without = cloud_api_server("scaleway", {{"token", token}, {"servers", {no_ip}}});
  const auto found =
      discover({{"region", "pl-waw-1"}, {"tag_name", "consul"}, {"token", token}}, without);
  EXPECT_EQ(found.addresses, Strings{});
  EXPECT_EQ(found.notes, Strings{"scaleway: server node-4 (11111111-0000-4000-8000-000000000004) "
                                 "in pl-waw-1 has no private IP"});
  EXPECT_EQ(
      discover({{"region", "pl-waw-1"}, {"tag_name", "consul"}, {"token", token}}, one).addresses,
      (Strings{"10.64.0.1", "10.64.0.2"}));
}

TEST_F(ScalewayApi, AWrongTokenFailsWithTheCloudsTypeAndAHint) {
  const auto error = thrown_error([&] {
    discover({{"region", "fr-par-1"}, {"tag_name", "consul"}, {"token", "scw-wr0ng-k3y"}}, api);
  });
  const std::string message = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(message.find("HTTP 401"), std::string::npos) << message;
  EXPECT_NE(message.find("denied_authentication: authentication is denied (check token or "
                         "SCW_SECRET_KEY"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("wr0ng"), std::string::npos) << message;
}

TEST_F(ScalewayApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  HttpServer throttled = cloud_api_server(
      "scaleway",
      {{"token", token}, {"throttle", 2}, {"servers", {server(5, "fr-par-2", {"consul"})}}});
  EXPECT_EQ(discover({{"region", "fr-par-2"}, {"tag_name", "consul"}, {"token", token}}, throttled)
                .addresses,
            Strings{"10.64.0.5"});
  EXPECT_EQ(throttled.requests().size(), 3u);
}

TEST_F(ScalewayApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  HttpServer hanging = cloud_api_server("scaleway", {{"token", token}, {"hang", true}});
  const auto error = thrown_error([&] {
    discover({{"region", "fr-par"}, {"tag_name", "consul"}, {"token", token}}, hanging,
             joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
}

TEST_F(ScalewayApi, KeysFallBackOnScalewaysEnvironmentVariables) {
  const PluginConfig config{{"tag_name", "consul"}};
  const auto settings = read_scaleway_settings(
      config.view(), variables({{"SCW_API_URL", api.url("")},
                                {"SCW_SECRET_KEY", token},
                                {"SCW_DEFAULT_REGION", "nl-ams"},
                                {"SCW_DEFAULT_ORGANIZATION_ID", organization}}));
  EXPECT_EQ(discover_scaleway(settings, {}).addresses, Strings{"10.64.0.10"});
  EXPECT_EQ(api.requests().at(0)["query"]["organization"], organization);
}

TEST_F(ScalewayApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config) {
    return thrown_error([&] { (void)read_scaleway_settings(config.view(), variables({})); });
  };
  auto error = refusal({{"region", "us-east"}, {"tag_name", "consul"}, {"token", token}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_STREQ(error.what(),
               "region: \"us-east\" is not one of fr-par, nl-ams, pl-waw, a zone of them "
               "(fr-par-1), par1, ams1");
  error = refusal({{"tag_name", "consul"}, {"token", token}});
  EXPECT_STREQ(error.what(), "region: missing value (nor is SCW_DEFAULT_REGION set)");
  error = refusal({{"region", "fr-par"}, {"tag_name", "consul"}});
  EXPECT_STREQ(error.what(), "token: missing value (nor is SCW_SECRET_KEY set)");
}

TEST_F(ScalewayApi, TheDiscoverCommandPrintsTheAddressesAndNeverTheToken) {
  const CommandResult r = discover_command(
      {"--log-level", "debug", "provider=scaleway region=fr-par tag_name=consul token=" + token},
      {{"SCW_API_URL", api.url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "10.64.0.1 10.64.0.2 10.64.0.3 10.64.0.4 10.64.0.5 10.64.0.6 10.64.0.7 "
            "10.64.0.8\n");
  joinery::test::expect_never_printed(r, token);
  const CommandResult wrong = discover_command(
      {"--log-level", "debug", "provider=scaleway region=fr-par tag_name=consul token=scw-wr0ng"},
      {{"SCW_API_URL", api.url("")}});
  EXPECT_EQ(wrong.status, 1);
  EXPECT_NE(wrong.err.find("denied_authentication"), std::string::npos) << wrong.err;
  joinery::test::expect_never_printed(wrong, "scw-wr0ng");
}

TEST_F(ScalewayApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows("scaleway",
                                   {"organization", "tag_name", "token", "region", "SCW_SECRET_KEY",
                                    "provider=scaleway region=fr-par tag_name=consul"});
}

}  // namespace
