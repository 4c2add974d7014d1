// The digitalocean provider against a local server speaking DigitalOcean's droplets
// API (digitalocean_api.py: real paths, paging, Bearer check and error documents; the
// droplets are the test's), in process and as the real `joinery discover` binary.
#include "digitalocean_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::cloud::Environment;
using joinery::digitalocean::discover_digitalocean;
using joinery::digitalocean::read_digitalocean_settings;
using joinery::sdk::Error;
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

const std::string token = "dop_v1_s3cr3t-t0ken";

json droplet(int id, const std::string &region, const Strings &tags) {
  return {{"id", id},
          {"name", "node-" + std::to_string(id)},
          {"region", {{"slug", region}}},
          {"tags", tags},
          {"networks",
           {{"v4",
             {{{"ip_address", "203.0.113." + std::to_string(id % 250)}, {"type", "public"}},
              {{"ip_address", "10.1." + std::to_string(id / 250) + "." + std::to_string(id % 250)},
               {"type", "private"}}}},
            {"v6", {{{"ip_address", "2604:a880::" + std::to_string(id)}, {"type", "public"}}}}}}};
}

// 450 droplets tagged consul (3 pages of 200), every third in fra1; 5 untagged.
json many_droplets() {
  json droplets = json::array();
  for (int id = 1; id <= 450; ++id) {
    droplets.push_back(droplet(id, id % 3 == 0 ? "fra1" : "nyc3", {"consul", "web"}));
  }
  for (int id = 451; id <= 455; ++id) {
    droplets.push_back(droplet(id, "nyc3", {}));
  }
  return droplets;
}

class DigitalOceanApi : public ::testing::Test {
 protected:
  Strings discover(const PluginConfig &config, const joinery::sdk::CallBounds &interruption = {}) {
    return discover_digitalocean(read_digitalocean_settings(config.view(), environment()),
                                 interruption)
        .addresses;
  }
  Environment environment() const { return variables({{"DIGITALOCEAN_API_URL", server.url("/")}}); }

  HttpServer server =
      cloud_api_server("digitalocean", {{"token", token}, {"droplets", many_droplets()}});
};

TEST_F(DigitalOceanApi, ReadsEveryPageOfTheTaggedDropletsOfTheRegion) {
  const Strings found =
      discover({{"tag_name", "consul"}, {"region", "nyc3"}, {"api_token", token}});
  Strings expected;
  for (int id = 1; id <= 450; ++id) {
    if (id % 3 != 0) {
      expected.push_back("10.1." + std::to_string(id / 250) + "." + std::to_string(id % 250));
    }
  }
  EXPECT_EQ(found, expected);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i]["query"],
              json({{"page", std::to_string(i + 1)}, {"per_page", "200"}, {"tag_name", "consul"}}));
    EXPECT_EQ(requests[i]["headers"]["Authorization"], "Bearer " + token);
  }
}

TEST_F(DigitalOceanApi, WithoutATagEveryDropletIsListed) {
  const Strings found = discover({{"region", "nyc3"}, {"api_token", token}});
  EXPECT_EQ(found.size(), 300u + 5u);
  EXPECT_EQ(server.requests().at(0)["query"].count("tag_name"), 0u);
}

TEST_F(DigitalOceanApi, AddrTypeChoosesThePublicIpv4OrIpv6Address) {
  HttpServer one = cloud_api_server(
      "digitalocean", {{"token", token}, {"droplets", {droplet(7, "ams3", {"consul"})}}});
  const Environment environment({{"DIGITALOCEAN_API_URL", one.url("")}});
  auto find = [&](const char *type) {
    const PluginConfig config{{"tag_name", "consul"}, {"api_token", token}, {"addr_type", type}};
    return discover_digitalocean(read_digitalocean_settings(config.view(), environment), {})
        .addresses;
  };
  EXPECT_EQ(find("private_v4"), Strings{"10.1.0.7"});
  EXPECT_EQ(find("public_v4"), Strings{"203.0.113.7"});
  EXPECT_EQ(find("public_v6"), Strings{"2604:a880::7"});
}

TEST_F(DigitalOceanApi, ADropletWithoutTheAddressIsLeftOutWithANote) {
  json bare = droplet(8, "nyc3", {"consul"});
  bare["networks"]["v6"] = json::array();
  HttpServer one = cloud_api_server(
      "digitalocean", {{"token", token}, {"droplets", {bare, droplet(9, "nyc3", {"consul"})}}});
  const PluginConfig config{{"api_token", token}, {"addr_type", "public_v6"}};
  const auto found = discover_digitalocean(
      read_digitalocean_settings(config.view(), variables({{"DIGITALOCEAN_API_URL", one.url("")}})),
      {});
  EXPECT_EQ(found.addresses, Strings{"2604:a880::9"});
  EXPECT_EQ(found.notes, Strings{"digitalocean: droplet node-8 (8) has no public IPv6 address"});
}

TEST_F(DigitalOceanApi, AWrongTokenFailsWithTheCloudsCodeAndAHint) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"api_token", "dop_v1_wr0ng-t0ken"}});
  });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what()).find("HTTP 401"), std::string::npos)
      << std::string(error.what());
  EXPECT_NE(
      std::string(error.what()).find("unauthorized: Unable to authenticate you (check api_token"),
      std::string::npos)
      << std::string(error.what());
  EXPECT_EQ(std::string(error.what()).find("wr0ng-t0ken"), std::string::npos)
      << std::string(error.what());
}

TEST_F(DigitalOceanApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  HttpServer throttled = cloud_api_server(
      "digitalocean",
      {{"token", token}, {"throttle", 2}, {"droplets", {droplet(5, "nyc3", {"consul"})}}});
  const PluginConfig config{{"api_token", token}};
  const auto found = discover_digitalocean(
      read_digitalocean_settings(config.view(),
                                 variables({{"DIGITALOCEAN_API_URL", throttled.url("")}})),
      {});
  EXPECT_EQ(found.addresses, Strings{"10.1.0.5"});
  EXPECT_EQ(throttled.requests().size(), 3u);
}

TEST_F(DigitalOceanApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  HttpServer hanging = cloud_api_server("digitalocean", {{"token", token}, {"hang", true}});
  const PluginConfig config{{"api_token", token}};
  const auto settings = read_digitalocean_settings(
      config.view(), variables({{"DIGITALOCEAN_API_URL", hanging.url("")}}));
  const auto error = joinery::test::thrown_error(
      [&] { discover_digitalocean(settings, joinery::test::deadline_in(300ms)); });
  EXPECT_EQ(error.status(), Status::cancelled) << std::string(error.what());
  EXPECT_NE(std::string(error.what()).find("GET " + hanging.url("/v2/droplets")), std::string::npos)
      << std::string(error.what());
}

TEST_F(DigitalOceanApi, TheTokenComesFromTheEnvironmentWhenTheKeyIsNotGiven) {
  const PluginConfig config{{"tag_name", "consul"}, {"region", "fra1"}};
  const auto found = discover_digitalocean(
      read_digitalocean_settings(config.view(), variables({{"DIGITALOCEAN_API_URL", server.url("")},
                                                           {"DIGITALOCEAN_TOKEN", token}})),
      {});
  EXPECT_EQ(found.addresses.size(), 150u);
}

TEST_F(DigitalOceanApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config, const Environment &environment) {
    return joinery::test::thrown_error(
        [&] { (void)read_digitalocean_settings(config.view(), environment); });
  };
  const Environment none = variables({});
  auto error = refusal({{"api_token", token}, {"addr_type", "public"}}, none);
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_EQ(std::string(error.what()),
            "addr_type: \"public\" is not one of private_v4, public_v4, public_v6");
  error = refusal({{"region", "nyc3"}}, none);
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_NE(std::string(error.what()).find("api_token: missing value"), std::string::npos)
      << std::string(error.what());
  error = refusal({{"api_token", token}}, variables({{"DIGITALOCEAN_API_URL", "ftp://x"}}));
  EXPECT_EQ(std::string(error.what()),
            "DIGITALOCEAN_API_URL: \"ftp://x\" is not an http:// or https:// URL");
}

TEST_F(DigitalOceanApi, TheDiscoverCommandPrintsTheAddressesAndNeverTheToken) {
  const CommandResult r =
      discover_command({"--log-level", "debug",
                        "provider=digitalocean tag_name=consul region=fra1 api_token=" + token},
                       {{"DIGITALOCEAN_API_URL", server.url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), ' '), 149) << r.out;
  EXPECT_TRUE(r.out.starts_with("10.1.0.3 10.1.0.6 ")) << r.out;
  joinery::test::expect_never_printed(r, token);
}

TEST_F(DigitalOceanApi, TheDiscoverCommandFailsAWrongTokenWithoutPrintingIt) {
  const CommandResult r = discover_command(
      {"--log-level", "debug", "provider=digitalocean api_token=dop_v1_wr0ng-t0ken"},
      {{"DIGITALOCEAN_API_URL", server.url("")}});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("unauthorized: Unable to authenticate you"), std::string::npos) << r.err;
  joinery::test::expect_never_printed(r, "wr0ng-t0ken");
}

TEST_F(DigitalOceanApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows(
      "digitalocean", {"region", "tag_name", "api_token", "addr_type", "DIGITALOCEAN_API_URL",
                       "provider=digitalocean region=nyc3 tag_name=consul"});
}

}  // namespace
