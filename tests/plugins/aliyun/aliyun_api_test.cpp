// The aliyun provider against a local server speaking ECS's RPC API and the metadata
// service's RAM role credentials (aliyun_api.py: real form parameters, paging, error
// documents, and the HMAC-SHA1 signature recomputed independently with Python's
// hmac; the instances and keys are the test's), in process and as the real
// `joinery discover` binary.
#include "aliyun_discovery.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::aliyun::discover_aliyun;
using joinery::aliyun::read_aliyun_settings;
using joinery::cloud::Environment;
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

const std::string key_id = "LTAI5tTestKeyId";
const std::string secret = "s3cr3t+Aliyun/Key=";  // characters the encoding must get right
const std::string role_secret = "r0le-s3cr3t";
const std::string role_token = "CAIS-r0le-t0ken";

std::string private_address(int id) {
  return "172.16." + std::to_string(id / 250) + "." + std::to_string(id % 250);
}

json instance(int id, const std::string &region, const std::string &status, bool tagged,
              const std::string &network = "vpc") {
  json addresses = json::array({private_address(id)});
  return {{"InstanceId", "i-" + std::to_string(id)},
          {"RegionId", region},
          {"Status", status},
          {"InstanceNetworkType", network},
          {"Tags",
           {{"Tag", tagged ? json::array({{{"TagKey", "consul"}, {"TagValue", "server"}}})
                           : json::array()}}},
          {"VpcAttributes",
           {{"PrivateIpAddress", {{"IpAddress", network == "vpc" ? addresses : json::array()}}}}},
          {"InnerIpAddress", {{"IpAddress", network == "classic" ? addresses : json::array()}}},
          {"NetworkInterfaces",
           {{"NetworkInterface",
             network == "vpc"
                 ? json::array(
                       {{{"NetworkInterfaceId", "eni-" + std::to_string(id)},
                         {"Ipv6Sets",
                          {{"Ipv6Set", {{{"Ipv6Address", "2408:4000::" + std::to_string(id)}}}}}}}})
                 : json::array()}}}};
}

// 250 running tagged instances in cn-hangzhou (3 pages of 100), some stopped, some
// untagged, some elsewhere.
json many_instances() {
  json instances = json::array();
  for (int id = 1; id <= 250; ++id) {
    instances.push_back(instance(id, "cn-hangzhou", "Running", true));
  }
  instances.push_back(instance(251, "cn-hangzhou", "Stopped", true));
  instances.push_back(instance(252, "cn-hangzhou", "Running", false));
  instances.push_back(instance(253, "eu-central-1", "Running", true));
  return instances;
}

json api_config(json instances = many_instances()) {
  return {{"keys", {{key_id, secret}}},
          {"role",
           {{"name", "consul-join"},
            {"AccessKeyId", "STS.role-key"},
            {"AccessKeySecret", role_secret},
            {"SecurityToken", role_token}}},
          {"metadata_region", "cn-hangzhou"},
          {"instances", std::move(instances)}};
}

class AliyunApi : public ::testing::Test {
 protected:
  Environment environment(const HttpServer &at) const {
    return variables({{"ALIBABA_CLOUD_ECS_ENDPOINT", at.url("")},
                      {"ALIBABA_CLOUD_ECS_METADATA_ENDPOINT", at.url("")}});
  }
  joinery::cloud::Found discover(const PluginConfig &config, const HttpServer &at,
                                 const joinery::sdk::CallBounds &interruption = {}) {
    return discover_aliyun(read_aliyun_settings(config.view(), environment(at)), interruption);
  }
  Strings discover(const PluginConfig &config) { return discover(config, server).addresses; }

  HttpServer server = cloud_api_server("aliyun", api_config());
};

std::map<std::string, std::string> form_of(const json &request) {
  std::map<std::string, std::string> form;
  std::string body = request["body"].get<std::string>();
  std::size_t start = 0;
  while (start < body.size()) {
    const std::size_t end = std::min(body.find('&', start), body.size());
    const std::string pair = body.substr(start, end - start);
    form[pair.substr(0, pair.find('='))] = pair.substr(pair.find('=') + 1);
    start = end + 1;
  }
  return form;
}

TEST_F(AliyunApi, ReadsEveryPageOfTheRunningTaggedInstancesOfTheRegion) {
  const Strings found = discover({{"region", "cn-hangzhou"},
                                  {"tag_key", "consul"},
                                  {"tag_value", "server"},
                                  {"access_key_id", key_id},
                                  {"access_key_secret", secret}});
  Strings expected;
  for (int id = 1; id <= 250; ++id) {
    expected.push_back(private_address(id));
  }
  EXPECT_EQ(found, expected);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i]["method"], "POST");
    const auto form = form_of(requests[i]);
    EXPECT_EQ(form.at("PageNumber"), std::to_string(i + 1));
    EXPECT_EQ(form.at("PageSize"), "100");
    EXPECT_EQ(form.at("Status"), "Running");
    EXPECT_EQ(form.at("Tag.1.Key"), "consul");
    EXPECT_EQ(form.at("Version"), "2014-05-26");
  }
}

TEST_F(AliyunApi, ClassicNetworkInstancesGiveTheirInnerAddress) {
  HttpServer one =
      cloud_api_server("aliyun", api_config({instance(7, "cn-beijing", "Running", true, "classic"),
                                             instance(8, "cn-beijing", "Running", true, "vpc")}));
  const auto found = discover(
      {{"region", "cn-beijing"}, {"access_key_id", key_id}, {"access_key_secret", secret}}, one);
  EXPECT_EQ(found.addresses, (Strings{"172.16.0.7", "172.16.0.8"}));
  EXPECT_EQ(form_of(one.requests().at(0)).count("Tag.1.Key"), 0u);
}

TEST_F(AliyunApi, AddrTypeIpv6ReturnsTheIpv6AddressesOfTheNetworkInterfaces) {
  HttpServer one =
      cloud_api_server("aliyun", api_config({instance(7, "cn-beijing", "Running", true, "classic"),
                                             instance(8, "cn-beijing", "Running", true, "vpc")}));
  const auto found = discover({{"region", "cn-beijing"},
                               {"addr_type", "ipv6"},
                               {"access_key_id", key_id},
                               {"access_key_secret", secret}},
                              one);
  EXPECT_EQ(found.addresses, Strings{"2408:4000::8"});
  EXPECT_NE(std::find(found.notes.begin(), found.notes.end(),
                      "aliyun: instance i-7 (network type \"classic\") has no IPv6 address"),
            found.notes.end());
}

TEST_F(AliyunApi, WithoutARegionTheInstancesOwnComesFromTheMetadataService) {
  const auto found = discover({{"tag_key", "consul"},
                               {"tag_value", "server"},
                               {"access_key_id", key_id},
                               {"access_key_secret", secret}},
                              server);
  EXPECT_EQ(found.addresses.size(), 250u);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0]["path"], "/latest/meta-data/region-id");
  EXPECT_EQ(form_of(requests[1]).at("RegionId"), "cn-hangzhou");

  // Off ECS (no metadata service), the error says to give the region.
  const PluginConfig keys{{"access_key_id", key_id}, {"access_key_secret", secret}};
  const auto error = joinery::test::thrown_error([&] {
    discover_aliyun(read_aliyun_settings(
                        keys.view(),
                        variables({{"ALIBABA_CLOUD_ECS_ENDPOINT", server.url("")},
                                   {"ALIBABA_CLOUD_ECS_METADATA_ENDPOINT", "http://127.0.0.1:1"}})),
                    {});
  });
  EXPECT_EQ(error.status(), Status::unavailable);
  const std::string message = error.what();
  EXPECT_TRUE(
      message.starts_with("aliyun: region: not given (nor $ALIBABA_CLOUD_REGION_ID), and "
                          "the metadata service could not tell this instance's (GET "
                          "http://127.0.0.1:1/latest/meta-data/region-id: "))
      << message;
  EXPECT_TRUE(message.ends_with("): set region=REGION_ID (cn-hangzhou) off ECS")) << message;
}

TEST_F(AliyunApi, CredentialsComeFromTheEnvironment) {
  const PluginConfig config{{"region", "eu-central-1"}};
  auto env = environment(server);
  const auto found = discover_aliyun(
      read_aliyun_settings(config.view(), variables({{"ALIBABA_CLOUD_ECS_ENDPOINT", server.url("")},
                                                     {"ALIBABA_CLOUD_ACCESS_KEY_ID", key_id},
                                                     {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret}})),
      {});
  EXPECT_EQ(found.addresses, Strings{"172.16.1.3"});
}

TEST_F(AliyunApi, WithoutKeysTheRamRoleOfTheInstanceSignsWithItsSecurityToken) {
  const auto found = discover({{"region", "eu-central-1"}}, server);
  EXPECT_EQ(found.addresses, Strings{"172.16.1.3"});
  EXPECT_NE(std::find(found.notes.begin(), found.notes.end(),
                      "aliyun: credentials of the RAM role consul-join"),
            found.notes.end());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["path"], "/latest/meta-data/ram/security-credentials/");
  EXPECT_EQ(requests[1]["path"], "/latest/meta-data/ram/security-credentials/consul-join");
  EXPECT_EQ(form_of(requests[2]).at("AccessKeyId"), "STS.role-key");
}

TEST_F(AliyunApi, WithoutKeysOrARoleTheErrorSaysWhatToAttach) {
  json config = api_config();
  config.erase("role");
  HttpServer bare = cloud_api_server("aliyun", config);
  const auto error = joinery::test::thrown_error([&] {
    discover({{"region", "cn-hangzhou"}}, bare);
  });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what()).find("no RAM role is attached"), std::string::npos)
      << error.what();
}

TEST_F(AliyunApi, AWrongSecretFailsWithTheCloudsCodeAndNeverShowsIt) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"region", "cn-hangzhou"},
              {"access_key_id", key_id},
              {"access_key_secret", "wr0ng-s3cr3t"}});
  });
  const std::string text = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(text.find("HTTP 400"), std::string::npos) << text;
  EXPECT_NE(text.find("SignatureDoesNotMatch: Specified signature is not matched with our "
                      "calculation. (SignatureDoesNotMatch: check access_key_secret"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("wr0ng-s3cr3t"), std::string::npos) << text;
}

TEST_F(AliyunApi, AnUnknownKeyIdFailsWithTheCloudsCodeAndAHint) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"region", "cn-hangzhou"},
              {"access_key_id", "LTAI-unknown"},
              {"access_key_secret", secret}});
  });
  const std::string text = error.what();
  EXPECT_NE(text.find("HTTP 404"), std::string::npos) << text;
  EXPECT_NE(text.find("InvalidAccessKeyId.NotFound: Specified access key is not found. (check "
                      "access_key_id"),
            std::string::npos)
      << text;
}

TEST_F(AliyunApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  json config = api_config({instance(5, "cn-hangzhou", "Running", true)});
  config["throttle"] = 1;
  HttpServer throttled = cloud_api_server("aliyun", config);
  const auto found = discover(
      {{"region", "cn-hangzhou"}, {"access_key_id", key_id}, {"access_key_secret", secret}},
      throttled);
  EXPECT_EQ(found.addresses, Strings{"172.16.0.5"});
  EXPECT_EQ(throttled.requests().size(), 2u);
}

TEST_F(AliyunApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  json config = api_config();
  config["hang"] = true;
  HttpServer hanging = cloud_api_server("aliyun", config);
  const auto error = joinery::test::thrown_error([&] {
    discover({{"region", "cn-hangzhou"}, {"access_key_id", key_id}, {"access_key_secret", secret}},
             hanging, joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
  EXPECT_NE(std::string(error.what()).find("POST " + hanging.url("/")), std::string::npos)
      << error.what();
}

TEST_F(AliyunApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config, const Environment &environment) {
    return joinery::test::thrown_error(
        [&] { (void)read_aliyun_settings(config.view(), environment); });
  };
  const Environment none = variables({});
  auto error = refusal({{"region", "cn-hangzhou"}, {"addr_type", "public_v4"}}, none);
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_NE(std::string(error.what()).find("addr_type"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("private_v4"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("ipv6"), std::string::npos) << error.what();
  error = refusal({{"region", "cn-hangzhou"}, {"access_key_id", key_id}}, none);
  EXPECT_EQ(std::string(error.what()), "access_key_secret: missing value (access_key_id is given)");
  error =
      refusal({{"region", "cn-hangzhou"}}, variables({{"ALIBABA_CLOUD_ECS_ENDPOINT", "ftp://x"}}));
  EXPECT_EQ(std::string(error.what()),
            "ALIBABA_CLOUD_ECS_ENDPOINT: \"ftp://x\" is not an http:// or https:// URL");
}

TEST_F(AliyunApi, TheDiscoverCommandPrintsTheAddressesAndNeverTheSecret) {
  const CommandResult r = discover_command(
      {"--log-level", "debug",
       "provider=aliyun region=eu-central-1 tag_key=consul tag_value=server access_key_id=" +
           key_id + " access_key_secret=\"" + secret + "\""},
      {{"ALIBABA_CLOUD_ECS_ENDPOINT", server.url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "172.16.1.3\n");
  joinery::test::expect_never_printed(r, secret);
}

TEST_F(AliyunApi, TheDiscoverCommandFailsAWrongSecretWithoutPrintingIt) {
  const CommandResult r =
      discover_command({"--log-level", "debug",
                        "provider=aliyun region=cn-hangzhou access_key_id=" + key_id +
                            " access_key_secret=wr0ng-s3cr3t"},
                       {{"ALIBABA_CLOUD_ECS_ENDPOINT", server.url("")}});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("SignatureDoesNotMatch"), std::string::npos) << r.err;
  joinery::test::expect_never_printed(r, "wr0ng-s3cr3t");
}

TEST_F(AliyunApi, TheDiscoverCommandGoesThroughTheProxyOfTheEnvironment) {
  // The test server is a plain-HTTP proxy too: it answers the absolute-URI request for
  // the ECS endpoint's host.
  const CommandResult r = discover_command(
      {"-q", "provider=aliyun region=eu-central-1 tag_key=consul tag_value=server access_key_id=" +
                 key_id + " access_key_secret=\"" + secret + "\""},
      {{"ALIBABA_CLOUD_ECS_ENDPOINT", "http://ecs.eu-central-1.aliyuncs.example"},
       {"http_proxy", server.url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "172.16.1.3\n");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["headers"]["Host"], "ecs.eu-central-1.aliyuncs.example");
}

TEST_F(AliyunApi, TheRoleTokenIsNeverPrinted) {
  const CommandResult r =
      discover_command({"--log-level", "debug", "provider=aliyun region=cn-hangzhou"},
                       {{"ALIBABA_CLOUD_ECS_ENDPOINT", server.url("")},
                        {"ALIBABA_CLOUD_ECS_METADATA_ENDPOINT", server.url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  joinery::test::expect_never_printed(r, role_secret);
  joinery::test::expect_never_printed(r, role_token);
}

TEST_F(AliyunApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows(
      "aliyun", {"region", "tag_key", "tag_value", "access_key_id", "access_key_secret",
                 "addr_type", "ALIBABA_CLOUD_ECS_ENDPOINT", "provider=aliyun region=cn-hangzhou"});
}

}  // namespace
