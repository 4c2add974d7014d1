// The tencentcloud provider against a local server speaking CVM's API 3.0
// (tencentcloud_api.py: real headers, JSON body, paging, errors in Response.Error, and
// the TC3-HMAC-SHA256 signature recomputed independently with Python's hmac; the
// instances and keys are the test's), in process and as the real `joinery discover`.
#include "tencentcloud_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::cloud::Environment;
using joinery::sdk::Status;
using joinery::tencentcloud::discover_tencentcloud;
using joinery::tencentcloud::read_tencentcloud_settings;
using joinery::test::cloud_api_server;
using joinery::test::CommandResult;
using joinery::test::discover_command;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::variables;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

const std::string secret_id = "AKIDtestSecretId";
const std::string secret_key = "tc-s3cr3t-k3y";

json instance(int id, const std::string &region, const std::string &state, bool tagged) {
  return {
      {"InstanceId", "ins-" + std::to_string(id)},
      {"Region", region},
      {"State", state},
      {"Tags", tagged ? json::array({{{"Key", "consul"}, {"Value", "server"}}}) : json::array()},
      {"PrivateIpAddresses",
       {"10.0." + std::to_string(id / 250) + "." + std::to_string(id % 250), "10.9.9.9"}},
      {"PublicIpAddresses", {"198.51.100." + std::to_string(id % 250)}},
      {"IPv6Addresses", {"2402:4e00::" + std::to_string(id)}}};
}

// 230 running tagged instances in ap-guangzhou (3 pages of 100); others stopped,
// untagged or elsewhere.
json many_instances() {
  json instances = json::array();
  for (int id = 1; id <= 230; ++id) {
    instances.push_back(instance(id, "ap-guangzhou", "RUNNING", true));
  }
  instances.push_back(instance(231, "ap-guangzhou", "STOPPED", true));
  instances.push_back(instance(232, "ap-guangzhou", "RUNNING", false));
  instances.push_back(instance(233, "ap-shanghai", "RUNNING", true));
  return instances;
}

json api_config(json instances = many_instances()) {
  return {{"keys", {{secret_id, secret_key}, {"AKIDtemporary", "temp-s3cr3t"}}},
          {"tokens", {{"AKIDtemporary", "temp-t0ken"}}},
          {"instances", std::move(instances)}};
}

class TencentCloudApi : public ::testing::Test {
 protected:
  joinery::cloud::Found discover(const PluginConfig &config, const HttpServer &at,
                                 const joinery::sdk::CallBounds &interruption = {},
                                 Environment::Variables extra = {}) {
    extra["TENCENTCLOUD_CVM_ENDPOINT"] = at.url("");
    return discover_tencentcloud(read_tencentcloud_settings(config.view(), variables(extra)),
                                 interruption);
  }

  HttpServer server = cloud_api_server("tencentcloud", api_config());
};

TEST_F(TencentCloudApi, ReadsEveryPageOfTheRunningTaggedInstancesOfTheRegion) {
  const auto found = discover({{"region", "ap-guangzhou"},
                               {"tag_key", "consul"},
                               {"tag_value", "server"},
                               {"access_key_id", secret_id},
                               {"access_key_secret", secret_key}},
                              server);
  Strings expected;
  for (int id = 1; id <= 230; ++id) {
    expected.push_back("10.0." + std::to_string(id / 250) + "." + std::to_string(id % 250));
  }
  EXPECT_EQ(found.addresses, expected);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const json body = json::parse(requests[i]["body"].get<std::string>());
    EXPECT_EQ(body["Offset"], 100 * i);
    EXPECT_EQ(body["Limit"], 100);
    EXPECT_EQ(body["Filters"], json::parse(R"([{"Name":"instance-state","Values":["RUNNING"]},
                              {"Name":"tag:consul","Values":["server"]}])"));
    EXPECT_EQ(requests[i]["headers"]["X-TC-Region"], "ap-guangzhou");
  }
}

TEST_F(TencentCloudApi, AddressTypeChoosesThePublicIpv4OrIpv6Address) {
  HttpServer one =
      cloud_api_server("tencentcloud", api_config({instance(7, "ap-beijing", "RUNNING", true)}));
  auto find = [&](const char *type) {
    return discover({{"region", "ap-beijing"},
                     {"access_key_id", secret_id},
                     {"access_key_secret", secret_key},
                     {"address_type", type}},
                    one)
        .addresses;
  };
  EXPECT_EQ(find("private_v4"), Strings{"10.0.0.7"});
  EXPECT_EQ(find("public_v4"), Strings{"198.51.100.7"});
  EXPECT_EQ(find("public_v6"), Strings{"2402:4e00::7"});
}

TEST_F(TencentCloudApi, AnInstanceWithoutTheAddressIsLeftOutWithANote) {
  json bare = instance(8, "ap-beijing", "RUNNING", true);
  bare["PublicIpAddresses"] = nullptr;
  HttpServer one = cloud_api_server("tencentcloud",
                                    api_config({bare, instance(9, "ap-beijing", "RUNNING", true)}));
  const auto found = discover({{"region", "ap-beijing"},
                               {"access_key_id", secret_id},
                               {"access_key_secret", secret_key},
                               {"address_type", "public_v4"}},
                              one);
  EXPECT_EQ(found.addresses, Strings{"198.51.100.9"});
  EXPECT_EQ(found.notes, Strings{"tencentcloud: instance ins-8 has no PublicIpAddresses"});
}

TEST_F(TencentCloudApi, TemporaryKeysFromTheEnvironmentSendTheirToken) {
  const auto found = discover({{"region", "ap-shanghai"}}, server, {},
                              {{"TENCENTCLOUD_SECRET_ID", "AKIDtemporary"},
                               {"TENCENTCLOUD_SECRET_KEY", "temp-s3cr3t"},
                               {"TENCENTCLOUD_SESSION_TOKEN", "temp-t0ken"}});
  EXPECT_EQ(found.addresses, Strings{"10.0.0.233"});
  EXPECT_EQ(server.requests().at(0)["headers"]["X-TC-Token"], "temp-t0ken");
}

TEST_F(TencentCloudApi, AWrongSecretFailsWithTheCloudsCodeAndAHint) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"region", "ap-guangzhou"},
              {"access_key_id", secret_id},
              {"access_key_secret", "wr0ng-s3cr3t"}},
             server);
  });
  const std::string text = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(text.find("AuthFailure.SignatureFailure: The provided credentials could not be "
                      "validated."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("(check access_key_id and access_key_secret"), std::string::npos) << text;
  EXPECT_EQ(text.find("wr0ng-s3cr3t"), std::string::npos) << text;
}

TEST_F(TencentCloudApi, AnUnknownSecretIdFailsWithTheCloudsCode) {
  const auto error = joinery::test::thrown_error([&] {
    discover({{"region", "ap-guangzhou"},
              {"access_key_id", "AKIDunknown"},
              {"access_key_secret", secret_key}},
             server);
  });
  EXPECT_NE(std::string(error.what()).find("AuthFailure.SecretIdNotFound"), std::string::npos)
      << error.what();
}

TEST_F(TencentCloudApi, ThrottlingIsWaitedOutThenTheListSucceeds) {
  json config = api_config({instance(5, "ap-guangzhou", "RUNNING", true)});
  config["throttle"] = 1;
  HttpServer throttled = cloud_api_server("tencentcloud", config);
  const auto found = discover(
      {{"region", "ap-guangzhou"}, {"access_key_id", secret_id}, {"access_key_secret", secret_key}},
      throttled);
  EXPECT_EQ(found.addresses, Strings{"10.0.0.5"});
  EXPECT_EQ(throttled.requests().size(), 2u);
}

TEST_F(TencentCloudApi, AServerThatStopsAnsweringEndsAtTheDeadline) {
  json config = api_config();
  config["hang"] = true;
  HttpServer hanging = cloud_api_server("tencentcloud", config);
  const auto error = joinery::test::thrown_error([&] {
    discover({{"region", "ap-guangzhou"},
              {"access_key_id", secret_id},
              {"access_key_secret", secret_key}},
             hanging, joinery::test::deadline_in(300ms));
  });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
  EXPECT_NE(std::string(error.what()).find("POST " + hanging.url("/")), std::string::npos)
      << error.what();
}

TEST_F(TencentCloudApi, BadValuesAreRefusedNamingTheKey) {
  auto refusal = [](const PluginConfig &config, const Environment &environment) {
    return joinery::test::thrown_error(
        [&] { (void)read_tencentcloud_settings(config.view(), environment); });
  };
  const Environment none = variables({});
  auto error = refusal({{"access_key_id", secret_id}, {"access_key_secret", secret_key}}, none);
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_EQ(std::string(error.what()), "region: missing value (nor is TENCENTCLOUD_REGION set)");
  error = refusal({{"region", "ap-guangzhou"},
                   {"access_key_id", secret_id},
                   {"access_key_secret", secret_key},
                   {"address_type", "public"}},
                  none);
  EXPECT_EQ(std::string(error.what()),
            "address_type: \"public\" is not one of private_v4, public_v4, public_v6");
  error = refusal({{"region", "ap-guangzhou"}, {"access_key_id", secret_id}}, none);
  EXPECT_EQ(std::string(error.what()),
            "access_key_secret: missing value (nor is TENCENTCLOUD_SECRET_KEY set)");
}

TEST_F(TencentCloudApi, TheDiscoverCommandPrintsTheAddressesAndNeverTheSecret) {
  const CommandResult r =
      discover_command({"--log-level", "debug",
                        "provider=tencentcloud region=ap-shanghai tag_key=consul tag_value=server "
                        "access_key_id=" +
                            secret_id + " access_key_secret=" + secret_key},
                       {{"TENCENTCLOUD_CVM_ENDPOINT", server.url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.0.233\n");
  joinery::test::expect_never_printed(r, secret_key);
}

TEST_F(TencentCloudApi, TheDiscoverCommandFailsAWrongSecretWithoutPrintingIt) {
  const CommandResult r =
      discover_command({"--log-level", "debug",
                        "provider=tencentcloud region=ap-shanghai access_key_id=" + secret_id +
                            " access_key_secret=wr0ng-s3cr3t"},
                       {{"TENCENTCLOUD_CVM_ENDPOINT", server.url("")}});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("AuthFailure.SignatureFailure"), std::string::npos) << r.err;
  joinery::test::expect_never_printed(r, "wr0ng-s3cr3t");
}

TEST_F(TencentCloudApi, HelpProviderShowsEveryKeyAndAnExample) {
  joinery::test::expect_help_shows(
      "tencentcloud",
      {"region", "tag_key", "tag_value", "address_type", "access_key_id", "access_key_secret",
       "TENCENTCLOUD_CVM_ENDPOINT", "provider=tencentcloud region=ap-guangzhou"});
}

}  // namespace
