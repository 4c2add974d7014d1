// The softlayer provider against a local server speaking SoftLayer's REST API
// (softlayer_api.py: the real path, object mask and filter, resultLimit paging, Basic
// auth check and error documents; the guests are the test's), in process and as the
// real `joinery discover` binary.
#include "softlayer_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::sdk::Status;
using joinery::softlayer::discover_softlayer;
using joinery::softlayer::guest_filter;
using joinery::softlayer::read_softlayer_settings;
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

const std::string user = "SL1234567";
const std::string api_key = "sl-s3cr3t-4pi-k3y-0123456789abcdef";

json guest(int id, const std::string &datacenter, const Strings &tags, bool with_ip = true) {
  json g = {{"id", id},
            {"hostname", "node-" + std::to_string(id)},
            {"domain", "example.com"},
            {"datacenter", datacenter},
            {"tags", tags}};
  if (with_ip) {
    g["primaryBackendIpAddress"] =
        "10.120." + std::to_string(id / 250) + "." + std::to_string(id % 250);
  }
  return g;
}

// 250 guests in dal09 tagged consul (3 pages of 100), 5 in fra02, 5 untagged.
json guests() {
  json all = json::array();
  for (int id = 1; id <= 250; ++id) {
    all.push_back(guest(id, "dal09", {"consul", "prod"}));
  }
  for (int id = 251; id <= 255; ++id) {
    all.push_back(guest(id, "fra02", {"consul"}));
  }
  for (int id = 256; id <= 260; ++id) {
    all.push_back(guest(id, "dal09", {}));
  }
  return all;
}

class SoftLayerApi : public ::testing::Test {
 protected:
  joinery::cloud::Found discover(const PluginConfig &config, const HttpServer &on,
                                 const joinery::sdk::CallBounds &interruption = {}) {
    return discover_softlayer(
        read_softlayer_settings(config.view(),
                                variables({{"SL_ENDPOINT_URL", on.url("/rest/v3")}})),
        interruption);
  }

  HttpServer api = cloud_api_server(
      "softlayer", {{"username", user}, {"api_key", api_key}, {"guests", guests()}});
};

TEST_F(SoftLayerApi, ReadsEveryPageOfTheGuestsOfTheDatacenterWithTheTag) {
  const auto found = discover(
      {{"datacenter", "dal09"}, {"tag_value", "consul"}, {"username", user}, {"api_key", api_key}},
      api);
  ASSERT_EQ(found.addresses.size(), 250u);
  EXPECT_EQ(found.addresses.front(), "10.120.0.1");
  EXPECT_EQ(found.addresses.back(), "10.120.1.0");
  Strings limits;
  for (const json &request : api.requests()) {
    limits.push_back(request["query"]["resultLimit"]);
    EXPECT_EQ(json::parse(request["query"]["objectFilter"].get<std::string>()),
              json::parse(R"({"virtualGuests": {"datacenter": {"name": {"operation": "dal09"}},
                              "tagReferences": {"tag": {"name": {"operation": "consul"}}}}})"));
  }
  EXPECT_EQ(limits, (Strings{"0,100", "100,100", "200,100"}));
}

TEST_F(SoftLayerApi, AnEmptyKeyFiltersNothing) {
  EXPECT_EQ(guest_filter({}), R"({"virtualGuests":{}})");
  EXPECT_EQ(discover({{"datacenter", "fra02"}, {"username", user}, {"api_key", api_key}}, api)
                .addresses.size(),
            5u);
}

TEST_F(SoftLayerApi, AGuestWithoutABackendIpIsLeftOutWithANote) {
  HttpServer one = cloud_api_server(
      "softlayer",
      {{"username", user},
       {"api_key", api_key},
       {"guests", {guest(3, "dal09", {"consul"}, false), guest(4, "dal09", {"consul"})}}});
  const auto found =
      discover({{"tag_value", "consul"}, {"username", user}, {"api_key", api_key}}, one);
  EXPECT_EQ(found.addresses, Strings{"10.120.0.4"});
  EXPECT_EQ(found.notes,
            Strings{"softlayer: virtual guest node-3.example.com (3) has no primary backend IP"});
}

TEST_F(SoftLayerApi, AWrongKeyFailsWithTheCloudsCodeAndAHint) {
  const auto error = thrown_error([&] {
    discover({{"username", user}, {"api_key", "sl-wr0ng-4pi-k3y"}}, api);
  });
  const std::string message = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(message.find("HTTP 401"), std::string::npos) << message;
  EXPECT_NE(message.find("SoftLayer_Exception_InvalidLegacyToken: Invalid API token. (check "
                         "username and api_key"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("wr0ng"), std::string::npos) << message;
}

TEST_F(SoftLayerApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  HttpServer throttled =
      cloud_api_server("softlayer", {{"username", user},
                                     {"api_key", api_key},
                                     {"throttle", 2},
                                     {"guests", {guest(6, "dal09", {"consul"})}}});
  EXPECT_EQ(discover({{"username", user}, {"api_key", api_key}}, throttled).addresses,
            Strings{"10.120.0.6"});
  EXPECT_EQ(throttled.requests().size(), 3u);
}

TEST_F(SoftLayerApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  HttpServer hanging =
      cloud_api_server("softlayer", {{"username", user}, {"api_key", api_key}, {"hang", true}});
  const auto error = thrown_error([&] {
    discover({{"username", user}, {"api_key", api_key}}, hanging,
             joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
}

TEST_F(SoftLayerApi, CredentialsAndEndpointComeFromSoftLayersEnvironmentVariables) {
  const PluginConfig config{{"datacenter", "fra02"}};
  const auto settings = read_softlayer_settings(
      config.view(), variables({{"SOFTLAYER_ENDPOINT_URL", api.url("/rest/v3/")},
                                {"SOFTLAYER_USERNAME", user},
                                {"SL_API_KEY", api_key}}));
  EXPECT_EQ(discover_softlayer(settings, {}).addresses.size(), 5u);
}

TEST_F(SoftLayerApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config, const char *url = "") {
    return thrown_error([&] {
      (void)read_softlayer_settings(config.view(), variables({{"SL_ENDPOINT_URL", url}}));
    });
  };
  auto error = refusal({{"api_key", api_key}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_STREQ(error.what(),
               "username: missing value (nor is SL_USERNAME or SOFTLAYER_USERNAME set)");
  error = refusal({{"username", user}});
  EXPECT_STREQ(error.what(), "api_key: missing value (nor is SL_API_KEY or SOFTLAYER_API_KEY set)");
  error = refusal({{"username", user}, {"api_key", api_key}}, "api.softlayer.com");
  EXPECT_STREQ(error.what(),
               "SL_ENDPOINT_URL: \"api.softlayer.com\" is not an http:// or https:// URL");
}

TEST_F(SoftLayerApi, TheDiscoverCommandPrintsTheAddressesAndNeverTheKey) {
  const CommandResult r =
      discover_command({"--log-level", "debug",
                        "provider=softlayer datacenter=fra02 tag_value=consul username=" + user +
                            " api_key=" + api_key},
                       {{"SL_ENDPOINT_URL", api.url("/rest/v3")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.120.1.1 10.120.1.2 10.120.1.3 10.120.1.4 10.120.1.5\n");
  joinery::test::expect_never_printed(r, api_key);
  const CommandResult wrong = discover_command(
      {"--log-level", "debug", "provider=softlayer username=" + user + " api_key=sl-wr0ng-k3y"},
      {{"SL_ENDPOINT_URL", api.url("/rest/v3")}});
  EXPECT_EQ(wrong.status, 1);
  EXPECT_NE(wrong.err.find("SoftLayer_Exception_InvalidLegacyToken"), std::string::npos)
      << wrong.err;
  joinery::test::expect_never_printed(wrong, "sl-wr0ng-k3y");
}

TEST_F(SoftLayerApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows("softlayer",
                                   {"datacenter", "tag_value", "username", "api_key", "SL_API_KEY",
                                    "provider=softlayer datacenter=dal09 tag_value=consul"});
}

}  // namespace
