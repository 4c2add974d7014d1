// The aws provider's credential chain against the local AWS (aws_api.py): each source
// in the SDKs' order and its precedence, STS web identity, the ECS agent's container
// credentials, IMDSv2 with its token and the IMDSv1 fallback, and temporary credentials
// kept for the run until shortly before they expire. Every EC2 request's signature is
// recomputed with botocore, so a source read wrong fails the test.
#include "aws_cloud.hpp"

#include "aws_credentials.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>

namespace {

using joinery::test::accepted_keys;
using joinery::test::aws_discover;
using joinery::test::aws_key_id;
using joinery::test::aws_secret;
using joinery::test::aws_server;
using joinery::test::consul_servers_config;
using joinery::test::ec2_instance;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::TempDir;
using joinery::test::temporary_credentials;
using joinery::test::thrown_error;
using nlohmann::json;
using Strings = std::vector<std::string>;
using Variables = joinery::cloud::Environment::Variables;

const std::string temporary_id = "ASIATEMPORARYEXAMPLE";
const std::string temporary_secret = "temporarySecretKey/EXAMPLE0123456789abcd";
const std::string session_token = "IQoJb3JpZ2luX2VjEXAMPLEsessiontoken";

json one_instance() {
  return json::array({ec2_instance(1)});
}

// The key id the EC2 request was signed with.
std::string signing_key(const json &request) {
  const std::string authorization = request["headers"]["Authorization"];
  const auto start = authorization.find("Credential=") + 11;
  return authorization.substr(start, authorization.find('/') - start);
}

Strings paths(const HttpServer &server) {
  Strings found;
  for (const json &request : server.requests()) {
    found.push_back(request["method"].get<std::string>() + " " +
                    request["path"].get<std::string>());
  }
  return found;
}

json temporary_keys() {
  return accepted_keys({{temporary_id, {{"secret", temporary_secret}, {"token", session_token}}}});
}

std::string source_note(const joinery::cloud::Found &found) {
  for (const std::string &note : found.notes) {
    if (note.starts_with("aws: credentials from ")) {
      return note.substr(22);
    }
  }
  return "";
}

TEST(AwsCredentials, KeysComeBeforeTheEnvironmentWhichComesBeforeTheSharedFiles) {
  HttpServer server = aws_server({{"instances", one_instance()}, {"keys", temporary_keys()}});
  TempDir home;
  std::filesystem::create_directories(home.path() / ".aws");
  home.write(".aws/credentials", "[default]\naws_access_key_id = " + aws_key_id +
                                     "\naws_secret_access_key = " + aws_secret + "\n");
  Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                {"HOME", home.path().string()},
                {"AWS_EC2_METADATA_DISABLED", "true"}};
  auto found = aws_discover(consul_servers_config(), env);
  EXPECT_EQ(source_note(found), "profile default of " + home.path().string() + "/.aws/credentials");
  env["AWS_ACCESS_KEY_ID"] = temporary_id;
  env["AWS_SECRET_ACCESS_KEY"] = temporary_secret;
  env["AWS_SESSION_TOKEN"] = session_token;
  found = aws_discover(consul_servers_config(), env);
  EXPECT_EQ(source_note(found), "$AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY");
  const PluginConfig keyed{{"region", "us-east-1"},
                           {"tag_key", "consul"},
                           {"tag_value", "server"},
                           {"access_key_id", aws_key_id},
                           {"secret_access_key", aws_secret}};
  found = aws_discover(keyed, env);
  EXPECT_EQ(source_note(found), "the keys access_key_id and secret_access_key");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(signing_key(requests[0]), aws_key_id);
  EXPECT_EQ(signing_key(requests[1]), temporary_id);
  EXPECT_EQ(requests[1]["headers"]["X-Amz-Security-Token"], session_token);
  EXPECT_EQ(signing_key(requests[2]), aws_key_id);
  EXPECT_EQ(found.addresses, Strings{"10.0.0.1"});
}

TEST(AwsCredentials, AwsProfileChoosesTheProfileOfTheCredentialsOrConfigFile) {
  HttpServer server = aws_server({{"instances", one_instance()}, {"keys", temporary_keys()}});
  TempDir dir;
  const auto credentials =
      dir.write("credentials",
                "# a comment\n[default]\naws_access_key_id=AKIAWRONGDEFAULT0000\n"
                "aws_secret_access_key=wrong\n\n[ops]\n  aws_access_key_id = " +
                    temporary_id + "\naws_secret_access_key=" + temporary_secret +
                    "\naws_session_token=" + session_token + "\n");
  const auto config =
      dir.write("config", "[profile deploy]\nregion = eu-west-1\naws_access_key_id=" + aws_key_id +
                              "\naws_secret_access_key=" + aws_secret + "\n");
  Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                {"AWS_SHARED_CREDENTIALS_FILE", credentials.string()},
                {"AWS_CONFIG_FILE", config.string()},
                {"AWS_PROFILE", "ops"},
                {"AWS_EC2_METADATA_DISABLED", "true"}};
  EXPECT_EQ(source_note(aws_discover(consul_servers_config(), env)),
            "profile ops of " + credentials.string());
  env["AWS_PROFILE"] = "deploy";
  EXPECT_EQ(source_note(aws_discover(consul_servers_config(), env)),
            "profile deploy of " + config.string());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(signing_key(requests[0]), temporary_id);
  EXPECT_EQ(signing_key(requests[1]), aws_key_id);
}

TEST(AwsCredentials, WebIdentityIsExchangedAtStsAndKeptForTheRun) {
  TempDir dir;
  const auto token_file = dir.write("token", "eyJhbGciOiJSUzI1NiJ9.web-identity.sig\n");
  const std::string role =
      "arn:aws:iam::123456789012:role/consul-" + dir.path().filename().string();
  HttpServer server = aws_server(
      {{"instances", one_instance()},
       {"keys", temporary_keys()},
       {"sts",
        {{"token", "eyJhbGciOiJSUzI1NiJ9.web-identity.sig"},
         {"role_arn", role},
         {"credentials", temporary_credentials(temporary_id, temporary_secret, session_token)}}}});
  const Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                      {"AWS_WEB_IDENTITY_TOKEN_FILE", token_file.string()},
                      {"AWS_ROLE_ARN", role},
                      {"AWS_EC2_METADATA_DISABLED", "true"}};
  EXPECT_EQ(aws_discover(consul_servers_config(), env).addresses, Strings{"10.0.0.1"});
  EXPECT_EQ(aws_discover(consul_servers_config(), env).addresses, Strings{"10.0.0.1"});
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);  // one STS exchange, two DescribeInstances
  const std::string body = requests[0]["body"];
  EXPECT_TRUE(
      body.starts_with("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3A"))
      << body;
  EXPECT_NE(body.find("RoleSessionName=joinery"), std::string::npos) << body;
  EXPECT_EQ(requests[0]["headers"].count("Authorization"), 0u);
  EXPECT_EQ(signing_key(requests[1]), temporary_id);
  EXPECT_EQ(signing_key(requests[2]), temporary_id);
}

TEST(AwsCredentials, ARefusedWebIdentityTokenFailsWithStsCode) {
  TempDir dir;
  const auto token_file = dir.write("token", "not-the-token");
  HttpServer server = aws_server(
      {{"sts",
        {{"token", "the-token"},
         {"role_arn", "arn:aws:iam::1:role/r"},
         {"credentials", temporary_credentials(temporary_id, temporary_secret, session_token)}}}});
  const Variables env{{"AWS_ENDPOINT_URL_STS", server.url("")},
                      {"AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:1"},
                      {"AWS_WEB_IDENTITY_TOKEN_FILE", token_file.string()},
                      {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                      {"AWS_EC2_METADATA_DISABLED", "true"}};
  const auto error = thrown_error([&] { aws_discover(consul_servers_config(), env); });
  EXPECT_NE(std::string(error.what())
                .find("aws sts: POST " + server.url("/") +
                      ": HTTP 400 Bad Request: InvalidIdentityToken"),
            std::string::npos)
      << error.what();
  EXPECT_EQ(std::string(error.what()).find("not-the-token"), std::string::npos);
}

TEST(AwsCredentials, ContainerCredentialsAreAskedWithTheAuthorizationToken) {
  TempDir dir;
  const std::string path = "/v2/credentials/" + dir.path().filename().string();
  const auto token_file = dir.write("auth", "container-authorization-token\n");
  HttpServer server = aws_server(
      {{"instances", one_instance()},
       {"keys", temporary_keys()},
       {"container",
        {{"path", path},
         {"authorization", "container-authorization-token"},
         {"credentials", temporary_credentials(temporary_id, temporary_secret, session_token)}}}});
  Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                {"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url(path)},
                {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()},
                {"AWS_EC2_METADATA_DISABLED", "true"}};
  const auto found = aws_discover(consul_servers_config(), env);
  EXPECT_EQ(found.addresses, Strings{"10.0.0.1"});
  EXPECT_EQ(source_note(found), "container credentials (" + server.url(path) + ")");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["headers"]["Authorization"], "container-authorization-token");
  EXPECT_EQ(signing_key(requests[1]), temporary_id);

  env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://192.0.2.10/creds";
  const auto error = thrown_error([&] { aws_discover(consul_servers_config(), env); });
  EXPECT_EQ(error.status(), joinery::sdk::Status::invalid_config);
  EXPECT_NE(std::string(error.what()).find("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
            std::string::npos);
}

TEST(AwsCredentials, TheInstanceRoleIsReadWithAnImdsV2TokenFirst) {
  HttpServer server = aws_server(
      {{"instances", one_instance()},
       {"keys", temporary_keys()},
       {"imds",
        {{"region", "us-east-1"},
         {"role", "consul-server"},
         {"credentials", temporary_credentials(temporary_id, temporary_secret, session_token)}}}});
  const Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                      {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("/imds-v2")}};
  const PluginConfig no_region{{"tag_key", "consul"}, {"tag_value", "server"}};
  const auto found = aws_discover(no_region, env);
  EXPECT_EQ(found.addresses, Strings{"10.0.0.1"});
  EXPECT_EQ(source_note(found), "the instance role (IMDS " + server.url("/imds-v2") + ")");
  const auto requests = server.requests();
  EXPECT_EQ(
      paths(server),
      (Strings{"PUT /imds-v2/latest/api/token",
               "GET /imds-v2/latest/dynamic/instance-identity/document",
               "PUT /imds-v2/latest/api/token",
               "GET /imds-v2/latest/meta-data/iam/security-credentials/",
               "GET /imds-v2/latest/meta-data/iam/security-credentials/consul-server", "POST /"}));
  EXPECT_EQ(requests[0]["headers"]["X-aws-ec2-metadata-token-ttl-seconds"], "21600");
  EXPECT_TRUE(requests[3]["headers"].contains("X-aws-ec2-metadata-token"));
  EXPECT_EQ(signing_key(requests[5]), temporary_id);
}

TEST(AwsCredentials, AnImdsV1OnlyServiceIsReadWithoutAToken) {
  HttpServer server = aws_server(
      {{"instances", one_instance()},
       {"keys", temporary_keys()},
       {"imds",
        {{"v1_only", true},
         {"region", "us-east-1"},
         {"role", "consul-server"},
         {"credentials", temporary_credentials(temporary_id, temporary_secret, session_token)}}}});
  const Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                      {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("/imds-v1")}};
  EXPECT_EQ(aws_discover(consul_servers_config(), env).addresses, Strings{"10.0.0.1"});
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_FALSE(requests[1]["headers"].contains("X-aws-ec2-metadata-token"));
  EXPECT_EQ(signing_key(requests[3]), temporary_id);
}

TEST(AwsCredentials, TemporaryCredentialsAboutToExpireAreFetchedAgain) {
  const std::string soon = "2000-01-01T00:00:00Z";  // already past: never kept
  HttpServer server =
      aws_server({{"instances", one_instance()},
                  {"keys", temporary_keys()},
                  {"imds",
                   {{"region", "us-east-1"},
                    {"role", "consul-server"},
                    {"credentials", temporary_credentials(temporary_id, temporary_secret,
                                                          session_token, soon)}}}});
  const Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                      {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("/imds-expiring")}};
  aws_discover(consul_servers_config(), env);
  aws_discover(consul_servers_config(), env);
  const Strings seen = paths(server);
  EXPECT_EQ(
      std::count(seen.begin(), seen.end(),
                 "GET /imds-expiring/latest/meta-data/iam/security-credentials/consul-server"),
      2);
}

TEST(AwsCredentials, CredentialsAwsCallsExpiredAreFetchedAgainAtTheNextAttempt) {
  HttpServer server = aws_server(
      {{"instances", one_instance()},
       {"keys", temporary_keys()},
       {"expired_tokens", {session_token}},
       {"imds",
        {{"region", "us-east-1"},
         {"role", "consul-server"},
         {"credentials", temporary_credentials(temporary_id, temporary_secret, session_token)}}}});
  const Variables env{{"AWS_ENDPOINT_URL", server.url("")},
                      {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("/imds-revoked")}};
  for (int attempt = 0; attempt < 2; ++attempt) {
    const auto error = thrown_error([&] { aws_discover(consul_servers_config(), env); });
    EXPECT_NE(std::string(error.what())
                  .find("HTTP 400 Bad Request: ExpiredToken: The provided "
                        "token has expired. (check the credentials, from "
                        "the instance role"),
              std::string::npos)
        << error.what();
  }
  const Strings seen = paths(server);
  EXPECT_EQ(std::count(seen.begin(), seen.end(),
                       "GET /imds-revoked/latest/meta-data/iam/security-credentials/consul-server"),
            2);
}

TEST(AwsCredentials, NoSourceAtAllSaysWhatWasTried) {
  const Variables env{{"AWS_ENDPOINT_URL", "http://127.0.0.1:1"},
                      {"HOME", "/nonexistent"},
                      {"AWS_EC2_METADATA_DISABLED", "true"}};
  const auto error = thrown_error([&] { aws_discover(consul_servers_config(), env); });
  EXPECT_EQ(error.status(), joinery::sdk::Status::unavailable);
  EXPECT_NE(std::string(error.what())
                .find("aws: no credentials: not in the keys, the environment, "
                      "the shared files (/nonexistent/.aws/credentials"),
            std::string::npos)
      << error.what();
}

TEST(AwsCredentials, ExpirationTimesAreReadAsUtc) {
  const auto now = std::chrono::system_clock::from_time_t(1767225600);  // 2026-01-01T00:00:00Z
  EXPECT_EQ(joinery::aws::seconds_until("2026-01-01T01:00:00Z", now), std::chrono::seconds(3600));
  EXPECT_EQ(joinery::aws::seconds_until("2026-01-01T00:00:30+00:00", now),
            std::chrono::seconds(30));
  EXPECT_EQ(joinery::aws::seconds_until("tomorrow", now), std::nullopt);
  EXPECT_EQ(joinery::aws::seconds_until("2026-01-01T01:00:00+02:00", now), std::nullopt);
}

}  // namespace
