// `joinery discover 'provider=gce ...'` run as the real binary with the bundled plugin
// against gce_api.py, its endpoints given as an operator gives them: the key file's
// token_uri, $CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE, $GCE_METADATA_HOST, a proxy.
#include <gtest/gtest.h>

#include "google_cloud.hpp"

namespace {

using joinery::test::CommandResult;
using joinery::test::GoogleCloud;
using namespace std::chrono_literals;

class GceDiscoverCommand : public ::testing::Test {
 protected:
  CommandResult discover(std::vector<std::string> args,
                         std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), {joinery::test::joinery_binary().string(), "discover"});
    env.emplace("HOME", cloud.dir.path().string());
    env.emplace("GOOGLE_APPLICATION_CREDENTIALS", "");
    env.emplace("GCE_METADATA_HOST", cloud.metadata_host());
    env.emplace("CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE", cloud.compute_endpoint());
    return joinery::test::run(args, 20s, {.env = std::move(env)});
  }

  // Neither the key nor a token issued for it is in anything joinery printed.
  void expect_no_secret(const CommandResult &r) {
    for (const std::string &text : {r.out, r.err}) {
      EXPECT_EQ(text.find("ya29."), std::string::npos) << text;
      EXPECT_EQ(text.find("PRIVATE KEY"), std::string::npos) << text;
      EXPECT_EQ(text.find(cloud.private_key_pem().substr(40, 40)), std::string::npos) << text;
    }
  }

  GoogleCloud cloud;
};

TEST_F(GceDiscoverCommand, PrintsTheRunningTaggedInstancesWithAKeyFile) {
  const CommandResult r =
      discover({"--log-level", "debug",
                "provider=gce project_name=my-project zone_pattern=\"us-central1-[ab]\" "
                "tag_value=consul credentials_file=" +
                    cloud.key_file()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.1.1 10.0.1.4 10.0.1.5 10.0.2.1 10.0.2.2\n");
  EXPECT_NE(r.err.find("credentials: service account joiner@my-project.iam.gserviceaccount.com"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("zone us-central1-a: 3 page(s) of 2 2 1 instance(s)"), std::string::npos)
      << r.err;
  expect_no_secret(r);
}

TEST_F(GceDiscoverCommand, FindsTheSameInAnIsolatedPluginRunner) {
  const CommandResult r = discover({"--isolate-plugins",
                                    "provider=gce project_name=my-project zone_pattern=\"us-.*\" "
                                    "tag_value=consul credentials_file=" +
                                        cloud.key_file()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.1.1 10.0.1.4 10.0.1.5 10.0.2.1 10.0.2.2\n");
  expect_no_secret(r);
}

TEST_F(GceDiscoverCommand, UsesTheMetadataServerOnGce) {
  const CommandResult r = discover({"provider=gce zone_pattern=europe-west1-b"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.9.1\n");
}

TEST_F(GceDiscoverCommand, GoesThroughAProxyFromTheEnvironment) {
  // The proxy is the test server itself: a plain-HTTP proxy gets the absolute URL.
  const CommandResult r =
      discover({"provider=gce project_name=my-project zone_pattern=europe-west1-b"},
               {{"CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE", "http://compute.invalid/compute/v1/"},
                {"GCE_METADATA_HOST", "metadata.invalid"},
                {"http_proxy", cloud.server->url("")}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.0.9.1\n");
  bool proxied = false;
  for (const auto &request : cloud.server->requests()) {
    proxied = proxied || request["headers"].value("Host", "") == "compute.invalid";
  }
  EXPECT_TRUE(proxied);
}

TEST_F(GceDiscoverCommand, AnAuthFailureShowsGooglesErrorAndNoSecret) {
  const CommandResult r =
      discover({"provider=gce project_name=echo-project credentials_file=" + cloud.key_file()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("UNAUTHENTICATED"), std::string::npos) << r.err;
  expect_no_secret(r);
}

TEST_F(GceDiscoverCommand, ABadZonePatternIsAConfigurationError) {
  const CommandResult r = discover({"provider=gce zone_pattern=\"us-(west\""});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("zone_pattern: \"us-(west\" is not an RE2 regular expression"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(cloud.server->requests().size(), 0u);
}

TEST_F(GceDiscoverCommand, HelpProviderListsKeysCredentialsAndExamples) {
  const CommandResult r = discover({"--help-provider", "gce"});
  EXPECT_EQ(r.status, 0) << r.err;
  for (const char *text : {"zone_pattern", "label_key", "credentials_file", "RUNNING",
                           "GOOGLE_APPLICATION_CREDENTIALS", "roles/compute.viewer",
                           "provider=gce tag_value=consul-server"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
  }
}

}  // namespace
