// The linode provider against a local server speaking the Linode API v4
// (linode_api.py: real paths, X-Filter, paging envelope, IP lists, Bearer check and
// error documents; the instances are the test's), in process and as the real
// `joinery discover` binary.
#include "linode_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"
#include "support/tls_certificates.hpp"

namespace {

using joinery::cloud::Environment;
using joinery::linode::discover_linode;
using joinery::linode::read_linode_settings;
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

const std::string token = "linode-s3cr3t-t0ken";

json address(const std::string &ip) {
  return {{"address", ip}, {"prefix", 24}, {"type", "ipv4"}};
}

json instance(int id, const std::string &region, const Strings &tags) {
  const std::string n = std::to_string(id);
  return {{"id", id},
          {"label", "node-" + n},
          {"region", region},
          {"tags", tags},
          {"ips",
           {{"ipv4",
             {{"public", {address("198.51.100." + n)}},
              {"private", {address("192.168.128." + n)}},
              {"shared", json::array()},
              {"reserved", json::array()},
              {"vpc",
               {{{"address", nullptr}, {"address_range", "10.0.4.0/28"}},
                {{"address", "10.0.0." + n}, {"active", true}}}}}},
            {"ipv6",
             {{"slaac", {{"address", "2600:3c03::f03c:91ff:fe00:" + n}, {"prefix", 64}}},
              {"link_local", {{"address", "fe80::f03c:91ff:fe00:" + n}, {"prefix", 64}}},
              {"global", json::array()}}}}}};
}

// Instances 1..7 in us-east tagged consul, 8 and 9 elsewhere or untagged.
json instances() {
  json all = json::array();
  for (int id = 1; id <= 7; ++id) {
    all.push_back(instance(id, "us-east", {"consul"}));
  }
  all.push_back(instance(8, "eu-central", {"consul"}));
  all.push_back(instance(9, "us-east", {"web"}));
  return all;
}

class LinodeApi : public ::testing::Test {
 protected:
  joinery::cloud::Found discover(const PluginConfig &config, const HttpServer &on,
                                 const joinery::sdk::CallBounds &interruption = {}) {
    return discover_linode(
        read_linode_settings(config.view(), variables({{"LINODE_URL", on.url("")}})), interruption);
  }

  HttpServer server = cloud_api_server(
      "linode", {{"token", token}, {"instances", instances()}, {"max_page_size", 3}});
};

TEST_F(LinodeApi, ReadsEveryPageOfTheInstancesOfTheRegionWithTheTagThenTheirIps) {
  const auto found =
      discover({{"api_token", token}, {"region", "us-east"}, {"tag_name", "consul"}}, server);
  EXPECT_EQ(found.addresses,
            (Strings{"192.168.128.1", "192.168.128.2", "192.168.128.3", "192.168.128.4",
                     "192.168.128.5", "192.168.128.6", "192.168.128.7"}));
  Strings lists;
  std::size_t ip_calls = 0;
  for (const json &request : server.requests()) {
    EXPECT_EQ(request["headers"]["Authorization"], "Bearer " + token);
    if (request["path"] == "/v4/linode/instances") {
      lists.push_back(request["query"]["page"]);
      EXPECT_EQ(request["query"]["page_size"], "500");
      EXPECT_EQ(json::parse(request["headers"]["X-Filter"].get<std::string>()),
                json({{"region", "us-east"}, {"tags", "consul"}}));
    } else {
      ++ip_calls;
    }
  }
  EXPECT_EQ(lists, (Strings{"1", "2", "3"}));
  EXPECT_EQ(ip_calls, 7u);
}

TEST_F(LinodeApi, EachAddressTypeTakesItsAddressAndNeverTheLinkLocalOne) {
  auto find = [&](const char *type) {
    return discover({{"api_token", token}, {"tag_name", "web"}, {"address_type", type}}, server)
        .addresses;
  };
  EXPECT_EQ(find("private_v4"), Strings{"192.168.128.9"});
  EXPECT_EQ(find("public_v4"), Strings{"198.51.100.9"});
  EXPECT_EQ(find("vpc_v4"), Strings{"10.0.0.9"});
  EXPECT_EQ(find("public_v6"), Strings{"2600:3c03::f03c:91ff:fe00:9"});
  EXPECT_EQ(find("private_v6"), Strings{"2600:3c03::f03c:91ff:fe00:9"});
}

TEST_F(LinodeApi, AnInstanceWithoutTheAddressIsLeftOutWithANote) {
  json bare = instance(3, "us-east", {"consul"});
  bare["ips"]["ipv4"]["vpc"] = json::array();
  HttpServer one = cloud_api_server(
      "linode", {{"token", token}, {"instances", {bare, instance(4, "us-east", {"consul"})}}});
  const auto found = discover({{"api_token", token}, {"address_type", "vpc_v4"}}, one);
  EXPECT_EQ(found.addresses, Strings{"10.0.0.4"});
  EXPECT_EQ(found.notes, Strings{"linode: instance node-3 (3) has no vpc_v4 address"});
}

TEST_F(LinodeApi, AWrongTokenFailsWithTheCloudsReasonAndAHint) {
  const auto error = thrown_error([&] { discover({{"api_token", "linode-wr0ng-t0ken"}}, server); });
  const std::string message = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(message.find("linode: GET " + server.url("/v4/linode/instances?page=1")),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("HTTP 401"), std::string::npos) << message;
  EXPECT_NE(message.find("Invalid Token (check api_token or LINODE_TOKEN"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("wr0ng-t0ken"), std::string::npos) << message;
}

TEST_F(LinodeApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  HttpServer throttled = cloud_api_server(
      "linode",
      {{"token", token}, {"throttle", 2}, {"instances", {instance(5, "us-east", {"consul"})}}});
  EXPECT_EQ(discover({{"api_token", token}}, throttled).addresses, Strings{"192.168.128.5"});
  EXPECT_EQ(throttled.requests().size(), 4u);
}

TEST_F(LinodeApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  HttpServer hanging = cloud_api_server("linode", {{"token", token}, {"hang", true}});
  const auto error = thrown_error([&] {
    discover({{"api_token", token}}, hanging, joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
}

TEST_F(LinodeApi, TheTokenComesFromLinodeTokenAndTheCaFromLinodeCa) {
  joinery::test::TlsCertificates certs;
  HttpServer https({.cert = certs.server_cert(),
                    .key = certs.server_key(),
                    .handler = joinery::test::source_dir() / "tests/plugins/linode/linode_api.py",
                    .handler_config = {{"token", token}, {"instances", instances()}}});
  const PluginConfig config{{"tag_name", "web"}};
  const auto settings =
      read_linode_settings(config.view(), variables({{"LINODE_URL", https.url("")},
                                                     {"LINODE_TOKEN", token},
                                                     {"LINODE_CA", certs.ca_cert().string()}}));
  EXPECT_EQ(discover_linode(settings, {}).addresses, Strings{"192.168.128.9"});
}

TEST_F(LinodeApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config) {
    return thrown_error([&] { (void)read_linode_settings(config.view(), variables({})); });
  };
  auto error = refusal({{"api_token", token}, {"address_type", "link_local"}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_STREQ(error.what(),
               "address_type: \"link_local\" is not one of private_v4, public_v4, private_v6, "
               "public_v6, vpc_v4");
  error = refusal({{"region", "us-east"}});
  EXPECT_STREQ(error.what(), "api_token: missing value (nor is LINODE_TOKEN set)");
}

TEST_F(LinodeApi, TheDiscoverCommandPrintsTheAddressesAndNeverTheToken) {
  const CommandResult r =
      discover_command({"--log-level", "debug",
                        "provider=linode region=us-east tag_name=consul address_type=public_v6"},
                       {{"LINODE_URL", server.url("")}, {"LINODE_TOKEN", token}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("2600:3c03::f03c:91ff:fe00:1 2600:3c03::f03c:91ff:fe00:2 "))
      << r.out;
  joinery::test::expect_never_printed(r, token);
  const CommandResult wrong =
      discover_command({"--log-level", "debug", "provider=linode api_token=linode-wr0ng-t0ken"},
                       {{"LINODE_URL", server.url("")}});
  EXPECT_EQ(wrong.status, 1);
  EXPECT_NE(wrong.err.find("Invalid Token"), std::string::npos) << wrong.err;
  joinery::test::expect_never_printed(wrong, "wr0ng-t0ken");
}

TEST_F(LinodeApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows(
      "linode", {"api_token", "region", "tag_name", "address_type", "vpc_v4", "LINODE_TOKEN",
                 "provider=linode region=us-east tag_name=consul"});
}

}  // namespace
