// The packet provider against a local server speaking the Equinix Metal API
// (packet_api.py: real paths, meta paging, X-Auth-Token check and error documents; the
// devices are the test's), in process and as the real `joinery discover` binary.
#include "packet_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::packet::discover_packet;
using joinery::packet::read_packet_settings;
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

const std::string token = "metal-s3cr3t-t0ken";
const std::string project = "93125c2a-8b78-4d4f-a3c4-7367d6b7cca8";

json ip(const std::string &address, int family, bool is_public) {
  return {{"address", address},
          {"address_family", family},
          {"public", is_public},
          {"management", true}};
}

json device(int id, const std::string &facility, const Strings &tags) {
  const std::string n = std::to_string(id);
  return {{"id", "d0000000-0000-4000-8000-0000000000" + std::string(2 - n.size(), '0') + n},
          {"hostname", "node-" + n},
          {"facility", {{"code", facility}, {"name", facility}}},
          {"tags", tags},
          {"ip_addresses",
           {ip("147.75.0." + n, 4, true), ip("2604:1380::" + n, 6, true),
            ip("10.99.0." + n, 4, false)}}};
}

// 1..7 in ewr1 tagged consul, 8 in ams1 tagged consul, 9 in ewr1 tagged web.
json devices() {
  json all = json::array();
  for (int id = 1; id <= 7; ++id) {
    all.push_back(device(id, "ewr1", {"consul"}));
  }
  all.push_back(device(8, "ams1", {"consul", "eu"}));
  all.push_back(device(9, "ewr1", {"web"}));
  return all;
}

class PacketApi : public ::testing::Test {
 protected:
  joinery::cloud::Found discover(PluginConfig const &config, const HttpServer &on,
                                 const joinery::sdk::CallBounds &interruption = {}) {
    return discover_packet(
        read_packet_settings(config.view(), variables({{"PACKET_URL", on.url("/metal/v1/")}})),
        interruption);
  }

  HttpServer api = cloud_api_server(
      "packet",
      {{"token", token}, {"project", project}, {"devices", devices()}, {"max_page_size", 3}});
};

TEST_F(PacketApi, ReadsEveryPageOfTheProjectsDevicesOfTheFacilitiesAndTags) {
  const auto found = discover(
      {{"project", project}, {"auth_token", token}, {"facility", "ewr1"}, {"tag", "consul"}}, api);
  EXPECT_EQ(found.addresses, (Strings{"10.99.0.1", "10.99.0.2", "10.99.0.3", "10.99.0.4",
                                      "10.99.0.5", "10.99.0.6", "10.99.0.7"}));
  Strings pages;
  for (const json &request : api.requests()) {
    EXPECT_EQ(request["path"], "/metal/v1/projects/" + project + "/devices");
    EXPECT_EQ(request["headers"]["X-Auth-Token"], token);
    pages.push_back(request["query"]["page"]);
  }
  EXPECT_EQ(pages, (Strings{"1", "2", "3"}));
}

TEST_F(PacketApi, FacilityAndTagAreCommaListsOfAlternatives) {
  EXPECT_EQ(discover({{"project", project}, {"auth_token", token}, {"facility", "ams1,sjc1"}}, api)
                .addresses,
            Strings{"10.99.0.8"});
  EXPECT_EQ(
      discover({{"project", project}, {"auth_token", token}, {"tag", "web,eu"}}, api).addresses,
      (Strings{"10.99.0.8", "10.99.0.9"}));
}

TEST_F(PacketApi, AddressTypeChoosesByPublicFlagAndFamily) {
  auto find = [&](const char *type) {
    return discover({{"project", project},
                     {"auth_token", token},
                     {"tag", "web"},
                     {"address_type", type}},
                    api)
        .addresses;
  };
  EXPECT_EQ(find("private_v4"), Strings{"10.99.0.9"});
  EXPECT_EQ(find("public_v4"), Strings{"147.75.0.9"});
  EXPECT_EQ(find("public_v6"), Strings{"2604:1380::9"});
}

TEST_F(PacketApi, ADeviceWithoutTheAddressIsLeftOutWithANote) {
  json bare = device(4, "ewr1", {"consul"});
  bare["ip_addresses"] = json::array({ip("147.75.0.4", 4, true)});
  HttpServer one = cloud_api_server(
      "packet",
      {{"token", token}, {"project", project}, {"devices", {bare, device(5, "ewr1", {})}}});
  const auto found = discover({{"project", project}, {"auth_token", token}}, one);
  EXPECT_EQ(found.addresses, Strings{"10.99.0.5"});
  EXPECT_EQ(found.notes, Strings{"packet: device node-4 (d0000000-0000-4000-8000-000000000004) "
                                 "has no private IPv4 address"});
}

TEST_F(PacketApi, AWrongTokenOrProjectFailsWithTheCloudsMessageAndAHint) {
  auto error = thrown_error([&] {
    discover({{"project", project}, {"auth_token", "metal-wr0ng-t0ken"}}, api);
  });
  std::string message = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(message.find("HTTP 401"), std::string::npos) << message;
  EXPECT_NE(message.find("Invalid authentication token (check auth_token or PACKET_AUTH_TOKEN"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("wr0ng"), std::string::npos) << message;
  error = thrown_error([&] { discover({{"project", "nope"}, {"auth_token", token}}, api); });
  message = error.what();
  EXPECT_NE(message.find("HTTP 404"), std::string::npos) << message;
  EXPECT_NE(message.find("Not found (check project"), std::string::npos) << message;
}

TEST_F(PacketApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  HttpServer throttled = cloud_api_server("packet", {{"token", token},
                                                     {"project", project},
                                                     {"throttle", 2},
                                                     {"devices", {device(6, "ewr1", {})}}});
  EXPECT_EQ(discover({{"project", project}, {"auth_token", token}}, throttled).addresses,
            Strings{"10.99.0.6"});
  EXPECT_EQ(throttled.requests().size(), 3u);
}

TEST_F(PacketApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  HttpServer hanging =
      cloud_api_server("packet", {{"token", token}, {"project", project}, {"hang", true}});
  const auto error = thrown_error([&] {
    discover({{"project", project}, {"auth_token", token}}, hanging,
             joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
}

TEST_F(PacketApi, TheUrlKeyWinsOverPacketUrlAndTheRestComesFromTheEnvironment) {
  const PluginConfig config{{"url", api.url("/metal/v1/")}, {"tag", "eu"}};
  const auto settings =
      read_packet_settings(config.view(), variables({{"PACKET_URL", "http://127.0.0.1:1/"},
                                                     {"PACKET_PROJECT", project},
                                                     {"PACKET_AUTH_TOKEN", token}}));
  EXPECT_EQ(discover_packet(settings, {}).addresses, Strings{"10.99.0.8"});
}

TEST_F(PacketApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config) {
    return thrown_error([&] { (void)read_packet_settings(config.view(), variables({})); });
  };
  auto error =
      refusal({{"project", project}, {"auth_token", token}, {"address_type", "private_v6"}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_STREQ(error.what(),
               "address_type: \"private_v6\" is not one of private_v4, public_v4, public_v6");
  error = refusal({{"auth_token", token}});
  EXPECT_STREQ(error.what(), "project: missing value (nor is PACKET_PROJECT set)");
  error = refusal({{"project", project}});
  EXPECT_STREQ(error.what(), "auth_token: missing value (nor is PACKET_AUTH_TOKEN set)");
  error = refusal({{"project", project}, {"auth_token", token}, {"url", "api.equinix.com"}});
  EXPECT_STREQ(error.what(), "url: \"api.equinix.com\" is not an http:// or https:// URL");
}

TEST_F(PacketApi, TheDiscoverCommandPrintsTheAddressesAndNeverTheToken) {
  const CommandResult r = discover_command(
      {"--log-level", "debug",
       "provider=packet project=" + project + " auth_token=" + token +
           " url=" + api.url("/metal/v1/") + " address_type=public_v6 facility=ams1"},
      {});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "2604:1380::8\n");
  joinery::test::expect_never_printed(r, token);
  const CommandResult wrong = discover_command(
      {"--log-level", "debug", "provider=packet project=" + project + " auth_token=metal-wr0ng"},
      {{"PACKET_URL", api.url("/metal/v1")}});
  EXPECT_EQ(wrong.status, 1);
  EXPECT_NE(wrong.err.find("Invalid authentication token"), std::string::npos) << wrong.err;
  joinery::test::expect_never_printed(wrong, "metal-wr0ng");
}

TEST_F(PacketApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows(
      "packet", {"project", "auth_token", "url", "address_type", "facility", "tag",
                 "PACKET_AUTH_TOKEN", "provider=packet project=PROJECT-UUID"});
}

}  // namespace
