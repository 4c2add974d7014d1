// The aws provider's shared-config profiles against the local AWS (aws_api.py): a
// role_arn assumed at STS AssumeRole with the source profile's keys (the AssumeRole
// request's signature recomputed with botocore, as every EC2 request's), a
// credential_process run for its JSON, and the profiles the SDKs refuse (one AWS_PROFILE
// names that no file holds, SSO, MFA, a source_profile loop). Real: the files, the
// process, the STS and EC2 wire formats; stands in: the roles and keys are the test's.
#include <sys/stat.h>

#include <algorithm>

#include "aws_cloud.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace joinery::test;
using joinery::sdk::Status;
using nlohmann::json;
using Strings = std::vector<std::string>;
using Variables = joinery::cloud::Environment::Variables;

const std::string role_id = "ASIAROLEEXAMPLE00001";
const std::string role_secret = "roleSecretKey/EXAMPLE0123456789abcdefgh";
const std::string role_token = "IQoJb3JpZ2luX2VjEXAMPLEroletoken";

// The access key id and the service of a request's SigV4 Authorization header.
std::pair<std::string, std::string> signer(const json &request) {
  const std::string authorization = request["headers"]["Authorization"];
  const auto start = authorization.find("Credential=") + 11;
  const std::string scope = authorization.substr(start, authorization.find(',') - start);
  std::vector<std::string> parts;
  for (std::size_t at = 0; at <= scope.size();) {
    const auto slash = std::min(scope.find('/', at), scope.size());
    parts.push_back(scope.substr(at, slash - at));
    at = slash + 1;
  }
  return {parts.at(0), parts.at(3)};
}

// The environment pointing at `server` with the two shared files of `dir`.
Variables profile_env(const HttpServer &server, const TempDir &dir, const std::string &profile) {
  return {{"AWS_ENDPOINT_URL", server.url("")},
          {"AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "credentials").string()},
          {"AWS_CONFIG_FILE", (dir.path() / "config").string()},
          {"AWS_PROFILE", profile},
          {"AWS_EC2_METADATA_DISABLED", "true"}};
}

TEST(AwsSharedConfig, ARoleArnIsAssumedWithTheSourceProfilesKeysAndKeptForTheRun) {
  TempDir dir;
  const std::string role =
      "arn:aws:iam::123456789012:role/consul-join-" + dir.path().filename().string();
  HttpServer server = aws_server(
      {{"instances", json::array({ec2_instance(1)})},
       {"keys", accepted_keys({{role_id, {{"secret", role_secret}, {"token", role_token}}}})},
       {"assume_role",
        {{role,
          {{"allowed", {aws_key_id}},
           {"external_id", "ext-42"},
           {"credentials", temporary_credentials(role_id, role_secret, role_token)}}}}}});
  dir.write("credentials", "[base]\naws_access_key_id = " + aws_key_id +
                               "\naws_secret_access_key = " + aws_secret + "\n");
  dir.write("config", "[profile app]\nrole_arn = " + role +
                          "\nsource_profile = base\nexternal_id = ext-42\n"
                          "role_session_name = consul-joiner\n");
  const Variables env = profile_env(server, dir, "app");
  const auto found = aws_discover(consul_servers_config(), env);
  EXPECT_EQ(found.addresses, Strings{"10.0.0.1"});
  EXPECT_NE(std::find(found.notes.begin(), found.notes.end(),
                      "aws: credentials from role " + role +
                          " of profile app, assumed with profile base of " +
                          (dir.path() / "credentials").string()),
            found.notes.end());
  EXPECT_EQ(aws_discover(consul_servers_config(), env).addresses, Strings{"10.0.0.1"});

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);  // one AssumeRole, kept for the second attempt
  const std::string body = requests[0]["body"];
  EXPECT_TRUE(body.starts_with("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam"))
      << body;
  EXPECT_NE(body.find("&RoleSessionName=consul-joiner&ExternalId=ext-42"), std::string::npos)
      << body;
  EXPECT_EQ(signer(requests[0]), std::pair(aws_key_id, std::string("sts")));
  EXPECT_EQ(signer(requests[1]), std::pair(role_id, std::string("ec2")));
  EXPECT_EQ(requests[1]["headers"]["X-Amz-Security-Token"], role_token);
  EXPECT_EQ(signer(requests[2]).first, role_id);
}

TEST(AwsSharedConfig, ARefusedAssumeRoleFailsWithStsCodeAndThePermission) {
  TempDir dir;
  HttpServer server = aws_server({{"assume_role", json::object()}});
  dir.write("credentials", "[base]\naws_access_key_id = " + aws_key_id +
                               "\naws_secret_access_key = " + aws_secret + "\n");
  dir.write("config",
            "[profile app]\nrole_arn = arn:aws:iam::1:role/nope\nsource_profile = base\n");
  const auto error =
      thrown_error([&] { aws_discover(consul_servers_config(), profile_env(server, dir, "app")); });
  EXPECT_EQ(error.status(), Status::unavailable);
  const std::string message = error.what();
  EXPECT_NE(message.find("AccessDenied"), std::string::npos) << message;
  EXPECT_NE(message.find("sts:AssumeRole on arn:aws:iam::1:role/nope"), std::string::npos)
      << message;
  EXPECT_EQ(message.find(aws_secret), std::string::npos) << message;
}

TEST(AwsSharedConfig, CredentialProcessOutputSignsTheRequestsAndItsSecretsAreNeverQuoted) {
  TempDir dir;
  HttpServer server = aws_server(
      {{"instances", json::array({ec2_instance(2)})},
       {"keys", accepted_keys({{role_id, {{"secret", role_secret}, {"token", role_token}}}})}});
  // The program gets its words as the AWS CLI splits them, without a shell.
  const auto program =
      dir.write("credential helper",
                "#!/bin/sh\n[ \"$1\" = \"--role\" ] && [ \"$2\" = \"consul join\" ] || exit 3\n"
                "case $3 in\n"
                "  good) printf '{\"Version\": 1, \"AccessKeyId\": \"" +
                    role_id + "\", \"SecretAccessKey\": \"" + role_secret +
                    "\", \"SessionToken\": \"" + role_token +
                    "\", \"Expiration\": \"2099-01-01T00:00:00Z\"}' ;;\n"
                    "  old) printf '{\"AccessKeyId\": \"" +
                    role_id + "\", \"SecretAccessKey\": \"" + role_secret +
                    "\"}' ;;\n"
                    "  *) echo 'helper: not logged in' >&2; exit 1 ;;\n"
                    "esac\n");
  ::chmod(program.c_str(), 0755);
  const std::string command = "\"" + program.string() + "\" --role \"consul join\" ";
  dir.write("config", "[profile good]\ncredential_process = " + command +
                          "good\n[profile old]\ncredential_process = " + command +
                          "old\n[profile failing]\ncredential_process = " + command + "x\n");
  dir.write("credentials", "");

  const auto found = aws_discover(consul_servers_config(), profile_env(server, dir, "good"));
  EXPECT_EQ(found.addresses, Strings{"10.0.0.2"});
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(signer(requests[0]).first, role_id);
  EXPECT_EQ(requests[0]["headers"]["X-Amz-Security-Token"], role_token);

  const auto unversioned =
      thrown_error([&] { aws_discover(consul_servers_config(), profile_env(server, dir, "old")); });
  EXPECT_EQ(unversioned.status(), Status::unavailable);
  const std::string message = unversioned.what();
  EXPECT_NE(message.find("credential_process of profile old"), std::string::npos) << message;
  EXPECT_NE(message.find("\"Version\": 1"), std::string::npos) << message;
  EXPECT_EQ(message.find(role_secret), std::string::npos) << message;

  const auto failing = thrown_error(
      [&] { aws_discover(consul_servers_config(), profile_env(server, dir, "failing")); });
  EXPECT_NE(std::string(failing.what()).find("helper: not logged in"), std::string::npos)
      << failing.what();
}

TEST(AwsSharedConfig, ProfilesTheSdksRefuseAreConfigurationErrorsNamingProfileAndFiles) {
  TempDir dir;
  const std::string credentials = (dir.path() / "credentials").string();
  const std::string config = (dir.path() / "config").string();
  dir.write("credentials", "[base]\naws_access_key_id = " + aws_key_id +
                               "\naws_secret_access_key = " + aws_secret + "\n");
  dir.write("config",
            "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n"
            "[profile mfa]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n"
            "mfa_serial = arn:aws:iam::1:mfa/me\n"
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
            "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
            "[profile orphan]\nrole_arn = arn:aws:iam::1:role/o\nsource_profile = nowhere\n");
  Variables env{{"AWS_ENDPOINT_URL", "http://127.0.0.1:1"},
                {"AWS_SHARED_CREDENTIALS_FILE", credentials},
                {"AWS_CONFIG_FILE", config},
                {"AWS_PROFILE", "typo"},
                {"AWS_EC2_METADATA_DISABLED", "true"}};

  // Refused when the settings are read, before any attempt: no fall-through to the
  // rest of the chain.
  const auto missing = thrown_error([&] {
    joinery::aws::read_aws_settings(consul_servers_config().view(),
                                    joinery::cloud::Environment(env));
  });
  EXPECT_EQ(missing.status(), Status::invalid_config);
  EXPECT_EQ(std::string(missing.what()),
            "AWS_PROFILE: the profile \"typo\" is in neither " + credentials + " and " + config +
                " (the credentials file's [typo] or the config file's [profile typo]); unset "
                "AWS_PROFILE or add the profile");

  // The message's text after "aws: profile NAMED (FILES): ".
  auto refusal = [&](const std::string &profile, const std::string &named) {
    env["AWS_PROFILE"] = profile;
    const auto error = thrown_error([&] { aws_discover(consul_servers_config(), env); });
    EXPECT_EQ(error.status(), Status::invalid_config) << profile;
    const std::string message = error.what();
    EXPECT_TRUE(message.starts_with("aws: profile " + named + " (" + credentials + " and " +
                                    config + "): "))
        << message;
    return message.substr(message.find("): ") + 3);
  };
  EXPECT_EQ(refusal("sso", "sso"),
            "SSO profiles are not supported (joinery cannot open a browser or read the AWS CLI's "
            "SSO cache); use credential_process = aws configure export-credentials --profile sso "
            "--format process");
  EXPECT_TRUE(refusal("mfa", "mfa").starts_with("mfa_serial needs a code typed in"));
  EXPECT_EQ(refusal("a", "b"), "source_profile a makes a loop (a -> b -> a)");
  EXPECT_EQ(refusal("orphan", "orphan"), "source_profile nowhere is in neither file");
}

}  // namespace
