// Whole attempts of the azure provider against azure_api.py on loopback: Entra ID's
// client-credentials grant, IMDS's managed identity, Resource Manager's lists paged by
// nextLink, and Azure's error documents. Only the server stands in for Azure.
#include "azure_discovery.hpp"

#include <gtest/gtest.h>

#include "azure_cloud.hpp"
#include "support/plugin_config.hpp"

#include <algorithm>

namespace {

using joinery::azure::AzureEnvironment;
using joinery::azure::discover_azure;
using joinery::azure::read_azure_settings;
using joinery::cloud::TokenCache;
using joinery::sdk::Error;
using joinery::sdk::Status;
using joinery::test::azure_secret;
using joinery::test::azure_subscription;
using joinery::test::AzureCloud;
using joinery::test::PluginConfig;
using nlohmann::json;
using Strings = std::vector<std::string>;

class AzureApi : public ::testing::Test {
 protected:
  AzureEnvironment environment() const {
    AzureEnvironment environment;
    environment.authority_host = cloud.server->url("/");
    environment.resource_manager = cloud.server->url("/");
    environment.imds = cloud.server->url("");
    return environment;
  }

  Strings discover(const PluginConfig &config, const AzureEnvironment &environment,
                   const joinery::sdk::CallBounds &interruption = {}) {
    auto found = discover_azure(read_azure_settings(config.view(), environment), environment, cache,
                                interruption);
    notes.clear();
    for (const auto &note : found.notes) notes += note + "\n";
    std::sort(found.addresses.begin(), found.addresses.end());
    return found.addresses;
  }

  std::string failure(const PluginConfig &config, const AzureEnvironment &environment,
                      Status expected = Status::unavailable,
                      const joinery::sdk::CallBounds &interruption = {}) {
    try {
      (void)discover(config, environment, interruption);
    } catch (const Error &error) {
      EXPECT_EQ(error.status(), expected) << error.what();
      EXPECT_EQ(std::string(error.what()).find(azure_secret), std::string::npos) << error.what();
      EXPECT_EQ(std::string(error.what()).find("azure-token-"), std::string::npos) << error.what();
      return error.what();
    }
    ADD_FAILURE() << "no error";
    return {};
  }

  static PluginConfig tagged(const std::string &subscription = azure_subscription,
                             const std::string &secret = azure_secret) {
    return {{"tenant_id", "contoso-tenant"}, {"client_id", "app-1234"},
            {"secret_access_key", secret},   {"subscription_id", subscription},
            {"tag_name", "consul"},          {"tag_value", "server"}};
  }

  AzureCloud cloud;
  TokenCache cache;
  std::string notes;
};

TEST_F(AzureApi, FindsEveryPrivateIpOfTaggedInterfacesOnEveryPage) {
  EXPECT_EQ(discover(tagged(), environment()),
            (Strings{"10.1.0.1", "10.1.0.2", "10.1.0.5", "fd00:1::2"}));
  // 5 interfaces in pages of 2: go-discover 1.8 read only the first.
  EXPECT_EQ(cloud.requests_to("/subscriptions/" + std::string(azure_subscription) +
                              "/providers/Microsoft.Network/networkInterfaces"),
            3u);
  EXPECT_NE(notes.find("network interfaces of the subscription: 3 page(s) of 2 2 1"),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("credentials: client secret of application app-1234 in tenant "
                       "contoso-tenant from the keys"),
            std::string::npos)
      << notes;
}

TEST_F(AzureApi, TheArmVariablesStandInForMissingKeys) {
  AzureEnvironment env = environment();
  env.arm_tenant_id = "contoso-tenant";
  env.arm_client_id = "app-1234";
  env.arm_client_secret = azure_secret;
  env.arm_subscription_id = azure_subscription;
  EXPECT_EQ(discover({{"tag_name", "consul"}, {"tag_value", "server"}}, env).size(), 4u);
}

TEST_F(AzureApi, AUniformScaleSetsInterfacesThroughEveryPage) {
  EXPECT_EQ(discover({{"subscription_id", azure_subscription},
                      {"tenant_id", "contoso-tenant"},
                      {"client_id", "app-1234"},
                      {"secret_access_key", azure_secret},
                      {"resource_group", "rg"},
                      {"vm_scale_set", "uniform"}},
                     environment()),
            (Strings{"10.2.0.1", "10.2.0.2", "10.2.0.3"}));
  EXPECT_NE(notes.find("scale set uniform is in Uniform mode"), std::string::npos) << notes;
}

TEST_F(AzureApi, AFlexibleScaleSetsInterfacesAreThoseOfItsVms) {
  EXPECT_EQ(discover({{"subscription_id", azure_subscription},
                      {"tenant_id", "contoso-tenant"},
                      {"client_id", "app-1234"},
                      {"secret_access_key", azure_secret},
                      {"resource_group", "rg"},
                      {"vm_scale_set", "flex"}},
                     environment()),
            (Strings{"10.3.0.1", "10.3.0.2"}));  // ids compared without case, as ARM's are
}

TEST_F(AzureApi, WithoutASecretTheManagedIdentityComesFromImds) {
  EXPECT_EQ(discover({{"subscription_id", azure_subscription},
                      {"tag_name", "consul"},
                      {"tag_value", "server"}},
                     environment())
                .size(),
            4u);
  EXPECT_EQ(cloud.requests_to("/metadata/identity/oauth2/token"), 1u);
  for (const auto &request : cloud.server->requests()) {
    if (request["path"] == "/metadata/identity/oauth2/token") {
      EXPECT_EQ(request["headers"].value("Metadata", ""), "true");
      EXPECT_EQ(request["query"].value("api-version", ""), "2018-02-01");
    }
  }
  EXPECT_NE(notes.find("credentials: the managed identity from IMDS"), std::string::npos) << notes;
}

TEST_F(AzureApi, TheTokenIsReusedAcrossAttemptsUntilItIsAboutToExpire) {
  (void)discover(tagged(), environment());
  (void)discover(tagged(), environment());
  EXPECT_EQ(cloud.requests_to("/contoso-tenant/oauth2/v2.0/token"), 1u);
  AzureCloud short_lived(json{{"expires_in", 20}});
  AzureEnvironment env = environment();
  env.authority_host = env.resource_manager = short_lived.server->url("/");
  (void)discover(tagged(), env);
  (void)discover(tagged(), env);
  EXPECT_EQ(short_lived.requests_to("/contoso-tenant/oauth2/v2.0/token"), 2u);
}

TEST_F(AzureApi, AWrongSecretFailsWithEntraIdsCode) {
  const std::string what = failure(tagged(azure_subscription, "wrong-secret-value"), environment());
  EXPECT_NE(what.find("HTTP 401 invalid_client: AADSTS7000215: Invalid client secret provided"),
            std::string::npos)
      << what;
  EXPECT_EQ(what.find("wrong-secret-value"), std::string::npos) << what;
}

TEST_F(AzureApi, AuthorizationFailedNamesTheCodeAndThePermission) {
  const std::string what = failure(tagged("denied"), environment());
  EXPECT_NE(what.find("HTTP 403 AuthorizationFailed: The client 'c' with object id 'o' does not "
                      "have authorization"),
            std::string::npos)
      << what;
  EXPECT_NE(what.find("Microsoft.Network/networkInterfaces/read on the subscription, e.g. the "
                      "Reader role"),
            std::string::npos)
      << what;
}

TEST_F(AzureApi, ANextLinkToAnotherOriginIsNotFollowed) {
  const std::string what = failure(tagged("foreign"), environment());
  EXPECT_NE(what.find("nextLink \"http://elsewhere.invalid/steal\" leaves"), std::string::npos)
      << what;
}

TEST_F(AzureApi, ANextLinkLoopFailsTheAttemptClearly) {
  const std::string what = failure(tagged("loop"), environment());
  EXPECT_NE(what.find("repeats an earlier page: the list would never end"), std::string::npos)
      << what;
}

TEST_F(AzureApi, ATokenResourceManagerRefusesIsNotReused) {
  const std::string what = failure(tagged("revoked"), environment());
  EXPECT_NE(what.find("HTTP 401 InvalidAuthenticationToken: The access token has been revoked."),
            std::string::npos)
      << what;
  (void)failure(tagged("revoked"), environment());
  EXPECT_EQ(cloud.requests_to("/contoso-tenant/oauth2/v2.0/token"), 2u);
}

TEST_F(AzureApi, AListThatNeverAnswersEndsAtTheDeadline) {
  joinery::sdk::CallBounds interruption;
  interruption.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  const std::string what = failure(tagged("hang"), environment(), Status::cancelled, interruption);
  EXPECT_NE(what.find("/subscriptions/hang/providers/Microsoft.Network/networkInterfaces"),
            std::string::npos)
      << what;
}

TEST_F(AzureApi, ConfigurationMustNameOneMethod) {
  const AzureEnvironment env = environment();
  const auto refusal = [&](const PluginConfig &config) {
    try {
      (void)read_azure_settings(config.view(), env);
    } catch (const Error &error) {
      EXPECT_EQ(error.status(), Status::invalid_config);
      return std::string(error.what());
    }
    return std::string("no error");
  };
  for (const std::string &what : {refusal({{"subscription_id", "s"}}),
                                  refusal({{"subscription_id", "s"}, {"tag_name", "consul"}}),
                                  refusal({{"subscription_id", "s"},
                                           {"tag_name", "a"},
                                           {"tag_value", "b"},
                                           {"resource_group", "rg"},
                                           {"vm_scale_set", "v"}})}) {
    EXPECT_NE(what.find("unclear configuration"), std::string::npos) << what;
  }
  EXPECT_NE(refusal({{"tag_name", "a"}, {"tag_value", "b"}}).find("subscription_id: missing value"),
            std::string::npos);
}

}  // namespace
