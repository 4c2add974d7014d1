// `joinery discover 'provider=azure ...'` run as the real binary with the bundled
// plugin against azure_api.py, its endpoints given as an operator gives them
// ($AZURE_AUTHORITY_HOST, $ARM_ENDPOINT, $AZURE_POD_IDENTITY_AUTHORITY_HOST).
#include <gtest/gtest.h>

#include "azure_cloud.hpp"
#include "support/child_process.hpp"

namespace {

using joinery::test::azure_secret;
using joinery::test::azure_subscription;
using joinery::test::AzureCloud;
using joinery::test::CommandResult;
using namespace std::chrono_literals;

class AzureDiscoverCommand : public ::testing::Test {
 protected:
  CommandResult discover(std::vector<std::string> args,
                         std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), {joinery::test::joinery_binary().string(), "discover"});
    for (const char *name :
         {"ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_SUBSCRIPTION_ID",
          "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_ENVIRONMENT"}) {
      env.emplace(name, "");
    }
    env.emplace("AZURE_AUTHORITY_HOST", cloud.server->url("/"));
    env.emplace("ARM_ENDPOINT", cloud.server->url("/"));
    env.emplace("AZURE_POD_IDENTITY_AUTHORITY_HOST", cloud.server->url(""));
    return joinery::test::run(args, 20s, {.env = std::move(env)});
  }

  static void expect_no_secret(const CommandResult &r) {
    for (const std::string &text : {r.out, r.err}) {
      EXPECT_EQ(text.find(azure_secret), std::string::npos) << text;
      EXPECT_EQ(text.find("azure-token-"), std::string::npos) << text;
    }
  }

  AzureCloud cloud;
};

TEST_F(AzureDiscoverCommand, PrintsEveryPrivateIpOfTheTaggedInterfaces) {
  const CommandResult r = discover(
      {"--log-level", "debug",
       "provider=azure tag_name=consul tag_value=server tenant_id=contoso-tenant "
       "client_id=app-1234 subscription_id=" +
           std::string(azure_subscription) + " secret_access_key=\"" + azure_secret + "\""});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.1.0.1 10.1.0.2 fd00:1::2 10.1.0.5\n");
  EXPECT_NE(r.err.find("3 page(s) of 2 2 1"), std::string::npos) << r.err;
  expect_no_secret(r);
}

TEST_F(AzureDiscoverCommand, UsesTheManagedIdentityInAnIsolatedPluginRunner) {
  const CommandResult r = discover({"--isolate-plugins",
                                    "provider=azure tag_name=consul tag_value=server "
                                    "subscription_id=" +
                                        std::string(azure_subscription)});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.1.0.1 10.1.0.2 fd00:1::2 10.1.0.5\n");
  EXPECT_EQ(cloud.requests_to("/metadata/identity/oauth2/token"), 1u);
  expect_no_secret(r);
}

TEST_F(AzureDiscoverCommand, ReadsTheArmVariablesAsGoDiscoverDoes) {
  const CommandResult r = discover({"provider=azure resource_group=rg vm_scale_set=uniform"},
                                   {{"ARM_TENANT_ID", "contoso-tenant"},
                                    {"ARM_CLIENT_ID", "app-1234"},
                                    {"ARM_CLIENT_SECRET", azure_secret},
                                    {"ARM_SUBSCRIPTION_ID", azure_subscription}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.2.0.1 10.2.0.2 10.2.0.3\n");
}

TEST_F(AzureDiscoverCommand, AWrongSecretShowsEntraIdsCodeAndNoSecret) {
  const CommandResult r =
      discover({"provider=azure tag_name=consul tag_value=server tenant_id=contoso-tenant "
                "client_id=app-1234 subscription_id=s secret_access_key=" +
                std::string("not-") + "the-secret"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("AADSTS7000215"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not-the-secret"), std::string::npos) << r.err;
  expect_no_secret(r);
}

TEST_F(AzureDiscoverCommand, HalfAMethodIsAConfigurationError) {
  const CommandResult r = discover({"provider=azure tag_name=consul subscription_id=s"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unclear configuration"), std::string::npos) << r.err;
  EXPECT_EQ(cloud.server->requests().size(), 0u);
}

TEST_F(AzureDiscoverCommand, HelpProviderListsKeysCredentialsAndExamples) {
  const CommandResult r = discover({"--help-provider", "azure"});
  EXPECT_EQ(r.status, 0) << r.err;
  for (const char *text :
       {"secret_access_key", "ARM_CLIENT_SECRET", "managed identity", "vm_scale_set", "Reader role",
        "AZURE_AUTHORITY_HOST", "provider=azure tag_name=consul tag_value=server"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
  }
}

}  // namespace
