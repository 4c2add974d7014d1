// Whole attempts of the gce provider against gce_api.py on loopback: the real token
// endpoint's JWT-bearer grant (the signature checked by python3-jwt), the metadata
// server, the compute API's zones and instances lists paged by pageToken, and Google's
// error documents. What stands in for Google is only the server; every request is the
// one joinery sends to Google.
#include "gce_discovery.hpp"

#include <gtest/gtest.h>

#include "google_cloud.hpp"
#include "support/plugin_config.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>

namespace {

using joinery::cloud::TokenCache;
using joinery::gce::discover_gce;
using joinery::gce::GceEnvironment;
using joinery::gce::read_gce_settings;
using joinery::sdk::Error;
using joinery::sdk::Status;
using joinery::test::GoogleCloud;
using joinery::test::PluginConfig;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

class GceApi : public ::testing::Test {
 protected:
  GceEnvironment environment() const {
    GceEnvironment environment;
    environment.home = home.path().string();
    environment.metadata_host = cloud.metadata_host();
    environment.compute_endpoint = cloud.compute_endpoint();
    return environment;
  }

  Strings discover(const PluginConfig &config, const GceEnvironment &environment,
                   joinery::sdk::CallBounds interruption = {}) {
    auto found = discover_gce(read_gce_settings(config.view()), environment, cache, interruption);
    notes = found.notes;
    std::sort(found.addresses.begin(), found.addresses.end());
    return found.addresses;
  }

  std::string failure(const PluginConfig &config, const GceEnvironment &environment,
                      Status expected = Status::unavailable,
                      joinery::sdk::CallBounds interruption = {}) {
    try {
      (void)discover(config, environment, std::move(interruption));
    } catch (const Error &error) {
      EXPECT_EQ(error.status(), expected) << error.what();
      return error.what();
    }
    ADD_FAILURE() << "no error";
    return {};
  }

  std::string all_notes() const {
    std::string out;
    for (const auto &note : notes) out += note + "\n";
    return out;
  }

  GoogleCloud cloud;
  joinery::test::TempDir home;
  TokenCache cache;
  Strings notes;
};

TEST_F(GceApi, FindsRunningTaggedInstancesOfMatchingZonesThroughEveryPage) {
  const Strings found = discover({{"project_name", "my-project"},
                                  {"zone_pattern", "us-central1-.*"},
                                  {"tag_value", "consul"},
                                  {"credentials_file", cloud.key_file()}},
                                 environment());
  // a2 is TERMINATED, a3 lacks the tag, europe-west1-b does not match the pattern.
  EXPECT_EQ(found, (Strings{"10.0.1.1", "10.0.1.4", "10.0.1.5", "10.0.2.1", "10.0.2.2"}));
  // 4 zones in pages of 3; us-central1-a's 5 instances in pages of 2.
  EXPECT_EQ(cloud.requests_to("/compute/v1/projects/my-project/zones"), 2u);
  EXPECT_EQ(cloud.requests_to("/compute/v1/projects/my-project/zones/us-central1-a/instances"), 3u);
  EXPECT_EQ(cloud.requests_to("/compute/v1/projects/my-project/zones/europe-west1-b/instances"),
            0u);
  EXPECT_NE(all_notes().find("zone us-central1-a: 3 page(s) of 2 2 1 instance(s), 3 match, "
                             "1 not RUNNING, 1 without network tag"),
            std::string::npos)
      << all_notes();
  EXPECT_NE(all_notes().find("credentials: service account " + std::string(cloud.client_email) +
                             " from credentials_file"),
            std::string::npos)
      << all_notes();
}

TEST_F(GceApi, WithoutAPatternEveryZoneIsListed) {
  EXPECT_EQ(discover({{"project_name", "my-project"},
                      {"tag_value", "consul"},
                      {"credentials_file", cloud.key_file()}},
                     environment())
                .size(),
            6u);
}

TEST_F(GceApi, FiltersOnALabel) {
  EXPECT_EQ(discover({{"project_name", "my-project"},
                      {"zone_pattern", "us-central1-a"},
                      {"label_key", "role"},
                      {"label_value", "client"},
                      {"credentials_file", cloud.key_file()}},
                     environment()),
            (Strings{"10.0.1.5"}));
}

TEST_F(GceApi, TheProjectComesFromTheKeyFileThenTheMetadataServer) {
  EXPECT_EQ(discover({{"zone_pattern", "europe-.*"},
                      {"credentials_file", cloud.key_file("key.pem", "my-project")}},
                     environment()),
            (Strings{"10.0.9.1"}));
  EXPECT_EQ(cloud.requests_to("/computeMetadata/v1/project/project-id"), 0u);
  EXPECT_EQ(discover({{"zone_pattern", "europe-.*"}, {"credentials_file", cloud.key_file()}},
                     environment()),
            (Strings{"10.0.9.1"}));
  EXPECT_EQ(cloud.requests_to("/computeMetadata/v1/project/project-id"), 1u);
  EXPECT_NE(all_notes().find("project \"my-project\" (the metadata server)"), std::string::npos);
}

TEST_F(GceApi, OnGceTheMetadataServerGivesTheTokenWithItsHeader) {
  EXPECT_EQ(discover({{"zone_pattern", "europe-.*"}}, environment()), (Strings{"10.0.9.1"}));
  EXPECT_EQ(cloud.requests_to("/computeMetadata/v1/instance/service-accounts/default/token"), 1u);
  EXPECT_EQ(cloud.requests_to("/token"), 0u);
  for (const auto &request : cloud.server->requests()) {
    if (request["path"].get<std::string>().starts_with("/computeMetadata/")) {
      EXPECT_EQ(request["headers"].value("Metadata-Flavor", ""), "Google");
    }
  }
  EXPECT_NE(all_notes().find("credentials: the metadata server's default service account"),
            std::string::npos)
      << all_notes();
}

TEST_F(GceApi, GoogleApplicationCredentialsComesBeforeTheMetadataServer) {
  GceEnvironment env = environment();
  env.application_credentials = cloud.key_file();
  EXPECT_EQ(discover({{"project_name", "my-project"}, {"zone_pattern", "europe-.*"}}, env),
            (Strings{"10.0.9.1"}));
  EXPECT_EQ(cloud.requests_to("/token"), 1u);
  EXPECT_EQ(cloud.requests_to("/computeMetadata/v1/instance/service-accounts/default/token"), 0u);
  EXPECT_NE(all_notes().find("from GOOGLE_APPLICATION_CREDENTIALS"), std::string::npos);
}

TEST_F(GceApi, GcloudsApplicationDefaultCredentialsUseTheRefreshTokenGrant) {
  home.write(".config/gcloud/application_default_credentials.json",
             json({{"type", "authorized_user"},
                   {"client_id", "764086051850.apps.googleusercontent.com"},
                   {"client_secret", "d-FL95Q19q7MQmFpd7hHD0Ty"},
                   {"refresh_token", "1//refresh-t0ken"},
                   {"token_uri", cloud.server->url("/token")}})
                 .dump());
  EXPECT_EQ(
      discover({{"project_name", "my-project"}, {"zone_pattern", "europe-.*"}}, environment()),
      (Strings{"10.0.9.1"}));
  EXPECT_EQ(cloud.requests_to("/token"), 1u);
}

TEST_F(GceApi, TheTokenIsReusedAcrossAttemptsUntilItIsAboutToExpire) {
  const PluginConfig config{{"project_name", "my-project"},
                            {"zone_pattern", "europe-.*"},
                            {"credentials_file", cloud.key_file()}};
  (void)discover(config, environment());
  (void)discover(config, environment());
  EXPECT_EQ(cloud.requests_to("/token"), 1u);

  GoogleCloud short_lived(json{{"expires_in", 30}});  // under the refresh margin
  GceEnvironment env = environment();
  env.compute_endpoint = short_lived.compute_endpoint();
  const PluginConfig short_config{{"project_name", "my-project"},
                                  {"zone_pattern", "europe-.*"},
                                  {"credentials_file", short_lived.key_file()}};
  (void)discover(short_config, env);
  (void)discover(short_config, env);
  EXPECT_EQ(short_lived.requests_to("/token"), 2u);
}

TEST_F(GceApi, AKeyTheServiceAccountDoesNotHoldFailsWithInvalidGrant) {
  const std::string what = failure(
      {{"project_name", "my-project"}, {"credentials_file", cloud.key_file("other-key.pem")}},
      environment());
  EXPECT_NE(what.find("HTTP 400 invalid_grant: Invalid JWT Signature."), std::string::npos) << what;
  EXPECT_NE(what.find("gcloud iam service-accounts keys list"), std::string::npos) << what;
}

TEST_F(GceApi, PermissionDeniedNamesGooglesStatusAndThePermissionNeeded) {
  const std::string what = failure(
      {{"project_name", "denied-project"}, {"credentials_file", cloud.key_file()}}, environment());
  EXPECT_NE(what.find("HTTP 403 PERMISSION_DENIED: Required 'compute.zones.list' permission "
                      "for 'projects/denied-project'"),
            std::string::npos)
      << what;
  EXPECT_NE(what.find("roles/compute.viewer"), std::string::npos) << what;
}

TEST_F(GceApi, ATokenQuotedBackInAnErrorIsMaskedAndDropped) {
  const PluginConfig config{{"project_name", "echo-project"},
                            {"credentials_file", cloud.key_file()}};
  const std::string what = failure(config, environment());
  EXPECT_NE(what.find("HTTP 401 UNAUTHENTICATED: Invalid Credentials: Bearer ***"),
            std::string::npos)
      << what;
  EXPECT_EQ(what.find("ya29."), std::string::npos) << what;
  (void)failure(config, environment());
  EXPECT_EQ(cloud.requests_to("/token"), 2u);  // the refused token was not reused
}

TEST_F(GceApi, APageTokenLoopFailsTheAttemptClearly) {
  GoogleCloud looping(json{{"zones", {"loop-zone"}}});
  GceEnvironment env = environment();
  env.compute_endpoint = looping.compute_endpoint();
  const std::string loop =
      failure({{"project_name", "my-project"}, {"credentials_file", looping.key_file()}}, env);
  EXPECT_NE(loop.find("repeats nextPageToken \"again\" of an earlier page: the list would never "
                      "end"),
            std::string::npos)
      << loop;
}

TEST_F(GceApi, AZoneThatNeverAnswersEndsAtTheDeadline) {
  GoogleCloud hanging(json{{"zones", {"us-central1-a", "hang-zone"}}});
  GceEnvironment env = environment();
  env.compute_endpoint = hanging.compute_endpoint();
  joinery::sdk::CallBounds interruption;
  interruption.deadline = std::chrono::steady_clock::now() + 2s;
  const std::string what =
      failure({{"project_name", "my-project"}, {"credentials_file", hanging.key_file()}}, env,
              Status::cancelled, interruption);
  EXPECT_NE(what.find("/zones/hang-zone/instances"), std::string::npos) << what;
}

TEST_F(GceApi, WithoutMetadataServerTheProjectErrorSaysToGiveProjectName) {
  GceEnvironment env = environment();
  env.metadata_host = "127.0.0.1:1";  // nothing listens there
  const std::string what = failure({{"credentials_file", cloud.key_file()}}, env);
  EXPECT_NE(what.find("looking up the project"), std::string::npos) << what;
  EXPECT_NE(what.find("give project_name"), std::string::npos) << what;
}

}  // namespace
