// The aws provider's EC2 discovery against a local server speaking EC2's Query API
// (aws_api.py: the real form body, XML answers, NextToken paging and error documents,
// every request's Signature Version 4 recomputed by python3-botocore's SigV4Auth; the
// instances and keys are the test's), in process and as the real `joinery discover`.
#include "aws_cloud.hpp"

#include "support/paths.hpp"
#include "support/scoped_env.hpp"
#include "support/tls_certificates.hpp"

#include <algorithm>

namespace {

using joinery::sdk::Status;
using joinery::test::accepted_keys;
using joinery::test::aws_discover;
using joinery::test::aws_endpoints;
using joinery::test::aws_key_id;
using joinery::test::aws_secret;
using joinery::test::aws_server;
using joinery::test::CommandResult;
using joinery::test::discover_command;
using joinery::test::ec2_instance;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::thrown_error;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

const std::string keys_args = "access_key_id=" + aws_key_id + " secret_access_key=" + aws_secret;

std::string what(const joinery::sdk::Error &error) {
  return error.what();
}

// 7 tagged running instances (3 pages of 3), one stopped, one of another tag.
json seven_servers() {
  json instances = json::array();
  for (int n = 1; n <= 7; ++n) {
    instances.push_back(ec2_instance(n));
  }
  instances.push_back(ec2_instance(8, "us-east-1", "server", "stopped"));
  instances.push_back(ec2_instance(9, "us-east-1", "client"));
  instances.push_back(ec2_instance(10, "eu-west-1"));
  return instances;
}

TEST(AwsEc2, ReadsEveryNextTokenPageOfTheTaggedRunningInstances) {
  HttpServer server = aws_server({{"instances", seven_servers()}, {"page_size", 3}});
  const PluginConfig config{{"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  const auto found = aws_discover(config, aws_endpoints(server));
  EXPECT_EQ(found.addresses, (Strings{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5",
                                      "10.0.0.6", "10.0.0.7"}));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const std::string body = requests[i]["body"];
    EXPECT_TRUE(
        body.starts_with("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%"
                         "3Aconsul&Filter.1.Value.1=server&Filter.2.Name=instance-state-"
                         "name&Filter.2.Value.1=running&MaxResults=1000"))
        << body;
    EXPECT_EQ(body.find("NextToken=") != std::string::npos, i > 0) << body;
    EXPECT_TRUE(requests[i]["headers"]["Authorization"].get<std::string>().starts_with(
        "AWS4-HMAC-SHA256 Credential=" + aws_key_id + "/"));
    EXPECT_EQ(requests[i]["raw_query"], "");
  }
  EXPECT_NE(std::find(found.notes.begin(), found.notes.end(),
                      "aws ec2 us-east-1: page 3 held 1 running instances tagged consul=server"),
            found.notes.end());
}

TEST(AwsEc2, AddrTypeChoosesThePublicIpv4OrEveryIpv6Address) {
  json bare = ec2_instance(3);
  bare.erase("public");
  bare["ipv6"] = json::array();
  json two_interfaces = ec2_instance(2);
  two_interfaces["ipv6"] = {"2600:1f18::2", "2600:1f18::22"};
  HttpServer server = aws_server({{"instances", {ec2_instance(1), two_interfaces, bare}}});
  auto find = [&](const char *type) {
    const PluginConfig config{{"region", "us-east-1"},       {"tag_key", "consul"},
                              {"tag_value", "server"},       {"addr_type", type},
                              {"access_key_id", aws_key_id}, {"secret_access_key", aws_secret}};
    return aws_discover(config, aws_endpoints(server));
  };
  EXPECT_EQ(find("private_v4").addresses, (Strings{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
  const auto public_v4 = find("public_v4");
  EXPECT_EQ(public_v4.addresses, (Strings{"203.0.113.1", "203.0.113.2"}));
  EXPECT_NE(std::find(public_v4.notes.begin(), public_v4.notes.end(),
                      "aws ec2: instance i-3 has no public IPv4 address"),
            public_v4.notes.end());
  EXPECT_EQ(find("public_v6").addresses,
            (Strings{"2600:1f18::1", "2600:1f18::2", "2600:1f18::22"}));
}

TEST(AwsEc2, EveryRegionOfACommaListIsAskedAndTheAnswersMerged) {
  HttpServer server = aws_server({{"instances", seven_servers()}});
  const PluginConfig config{{"region", "eu-west-1, us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  const auto found = aws_discover(config, aws_endpoints(server));
  EXPECT_EQ(found.addresses, (Strings{"10.0.0.10", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4",
                                      "10.0.0.5", "10.0.0.6", "10.0.0.7"}));
  Strings scopes;
  for (const json &request : server.requests()) {
    const std::string authorization = request["headers"]["Authorization"];
    scopes.push_back(authorization.substr(authorization.find("/") + 10, 9));
  }
  std::sort(scopes.begin(), scopes.end());
  EXPECT_EQ(scopes, (Strings{"eu-west-1", "us-east-1"}));
}

TEST(AwsEc2, TheRegionComesFromTheEnvironmentThenFromTheIdentityDocument) {
  HttpServer server =
      aws_server({{"instances", seven_servers()}, {"imds", {{"region", "eu-west-1"}}}});
  const PluginConfig config{{"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  auto env = aws_endpoints(server);
  env["AWS_DEFAULT_REGION"] = "eu-west-1";
  EXPECT_EQ(aws_discover(config, env).addresses, Strings{"10.0.0.10"});
  env["AWS_REGION"] = "us-east-1";
  EXPECT_EQ(aws_discover(config, env).addresses.size(), 7u);
  env = {{"AWS_ENDPOINT_URL", server.url("")},
         {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("/region-case")}};
  const auto found = aws_discover(config, env);
  EXPECT_EQ(found.addresses, Strings{"10.0.0.10"});
  EXPECT_EQ(found.notes.front(), "aws: region eu-west-1 from the instance identity document");
}

TEST(AwsEc2, AWrongSecretIsRefusedWithSignatureDoesNotMatch) {
  HttpServer server = aws_server({{"instances", seven_servers()}});
  const std::string wrong = "wrongSecretAccessKey/0123456789abcdefghij";
  const PluginConfig config{{"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", wrong}};
  const auto error = thrown_error([&] { aws_discover(config, aws_endpoints(server)); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(what(error).find("HTTP 403 Forbidden: SignatureDoesNotMatch: The request signature we "
                             "calculated does not match"),
            std::string::npos)
      << what(error);
  EXPECT_NE(what(error).find("(check the credentials, from the keys access_key_id and "
                             "secret_access_key)"),
            std::string::npos)
      << what(error);
  EXPECT_EQ(what(error).find(wrong), std::string::npos) << what(error);
}

TEST(AwsEc2, AnUnknownKeyFailsWithAuthFailureAndAMissingPermissionIsNamed) {
  HttpServer server = aws_server({{"instances", seven_servers()}});
  const PluginConfig unknown{{"region", "us-east-1"},
                             {"tag_key", "consul"},
                             {"tag_value", "server"},
                             {"access_key_id", "AKIAUNKNOWN000000000"},
                             {"secret_access_key", aws_secret}};
  auto error = thrown_error([&] { aws_discover(unknown, aws_endpoints(server)); });
  EXPECT_NE(what(error).find("HTTP 401 Unauthorized: AuthFailure: AWS was not able to validate"),
            std::string::npos)
      << what(error);
  HttpServer denying = aws_server({{"deny", true}});
  const PluginConfig config{{"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  error = thrown_error([&] { aws_discover(config, aws_endpoints(denying)); });
  EXPECT_NE(what(error).find("UnauthorizedOperation: You are not authorized to perform this "
                             "operation. (the credentials need ec2:DescribeInstances)"),
            std::string::npos)
      << what(error);
}

TEST(AwsEc2, RequestLimitExceededIsWaitedOutThenThePageIsRead) {
  HttpServer server = aws_server({{"instances", seven_servers()}, {"throttle", 1}});
  const PluginConfig config{{"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  EXPECT_EQ(aws_discover(config, aws_endpoints(server)).addresses.size(), 7u);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(AwsEc2, ANextTokenThatComesBackAgainFailsClearly) {
  HttpServer server = aws_server({{"instances", seven_servers()}, {"loop", true}});
  const PluginConfig config{{"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  const auto error = thrown_error([&] { aws_discover(config, aws_endpoints(server)); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(what(error).find("DescribeInstances does not end (a NextToken came back again"),
            std::string::npos)
      << what(error);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(AwsEc2, AServerThatStopsAnsweringEndsAtTheDeadline) {
  HttpServer server = aws_server({{"hang", true}});
  const PluginConfig config{{"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  const auto error = thrown_error(
      [&] { aws_discover(config, aws_endpoints(server), joinery::test::deadline_in(300ms)); });
  EXPECT_EQ(error.status(), Status::cancelled) << what(error);
  EXPECT_NE(what(error).find("aws ec2 us-east-1: POST " + server.url("/")), std::string::npos)
      << what(error);
}

TEST(AwsEc2, TheEndpointKeyOverridesTheEnvironmentsEndpoints) {
  HttpServer server = aws_server({{"instances", seven_servers()}});
  const std::string endpoint = server.url("");
  const PluginConfig config{{"region", "us-east-1"},       {"tag_key", "consul"},
                            {"tag_value", "server"},       {"endpoint", endpoint},
                            {"access_key_id", aws_key_id}, {"secret_access_key", aws_secret}};
  EXPECT_EQ(aws_discover(config, {{"AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:1"},
                                  {"AWS_EC2_METADATA_DISABLED", "true"}})
                .addresses.size(),
            7u);
  const PluginConfig by_variable{{"region", "us-east-1"},
                                 {"tag_key", "consul"},
                                 {"tag_value", "server"},
                                 {"access_key_id", aws_key_id},
                                 {"secret_access_key", aws_secret}};
  EXPECT_EQ(aws_discover(by_variable, {{"AWS_ENDPOINT_URL_EC2", endpoint},
                                       {"AWS_ENDPOINT_URL", "http://127.0.0.1:1"}})
                .addresses.size(),
            7u);
  EXPECT_EQ(joinery::aws::regional_endpoint("ec2", "cn-north-1"),
            "https://ec2.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(
      joinery::aws::read_aws_settings(
          by_variable.view(), joinery::cloud::Environment(joinery::cloud::Environment::Variables{}))
          .endpoint,
      "");
}

// $AWS_CA_BUNDLE, as the AWS SDKs (and so go-discover) read it: the CAs an AWS API behind
// a private CA or a TLS-inspecting proxy is trusted with. The local EC2 here serves HTTPS
// with a certificate of the tests' own CA, which the system's CAs do not know.
TEST(AwsEc2, TheCasOfAwsCaBundleAreTrustedInsteadOfTheSystems) {
  const joinery::test::TlsCertificates certs;
  const joinery::test::ScopedEnv no_file("SSL_CERT_FILE", nullptr);
  const joinery::test::ScopedEnv no_dir("SSL_CERT_DIR", nullptr);
  const HttpServer server(
      {.cert = certs.server_cert(),
       .key = certs.server_key(),
       .handler = joinery::test::source_dir() / "tests/plugins/aws/aws_api.py",
       .handler_config = {{"keys", accepted_keys()}, {"instances", seven_servers()}}});
  const PluginConfig config{{"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  auto with_bundle = [&](const std::string &bundle) {
    auto env = aws_endpoints(server);
    if (!bundle.empty()) {
      env["AWS_CA_BUNDLE"] = bundle;
    }
    return env;
  };
  EXPECT_EQ(aws_discover(config, with_bundle(certs.ca_cert().string())).addresses.size(), 7u);

  const auto untrusted = thrown_error([&] { aws_discover(config, with_bundle("")); });
  EXPECT_NE(what(untrusted).find("certificate"), std::string::npos) << what(untrusted);
  const auto other =
      thrown_error([&] { aws_discover(config, with_bundle(certs.other_ca_cert().string())); });
  EXPECT_NE(what(other).find("certificate"), std::string::npos) << what(other);
  const auto missing = thrown_error([&] { aws_discover(config, with_bundle("/nonexistent.pem")); });
  EXPECT_NE(what(missing).find("AWS_CA_BUNDLE"), std::string::npos) << what(missing);
}

TEST(AwsSettings, BadValuesAreRefusedNamingTheKeyAndTheAllowedValues) {
  auto refusal = [](const PluginConfig &config, joinery::cloud::Environment::Variables env = {}) {
    return thrown_error([&] {
      (void)joinery::aws::read_aws_settings(config.view(),
                                            joinery::cloud::Environment(std::move(env)));
    });
  };
  auto error = refusal({{"tag_key", "k"}, {"tag_value", "v"}, {"addr_type", "public"}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_EQ(what(error), "addr_type: \"public\" is not one of private_v4, public_v4, public_v6");
  error = refusal({{"tag_key", "k"}, {"tag_value", "v"}, {"service", "eks"}});
  EXPECT_EQ(what(error), "service: \"eks\" is not one of ec2, ecs");
  error = refusal(
      {{"tag_key", "k"}, {"tag_value", "v"}, {"service", "ecs"}, {"addr_type", "public_v4"}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_NE(what(error).find("addr_type: service=ecs"), std::string::npos) << what(error);
  error = refusal({{"tag_key", "k"}, {"tag_value", "v"}, {"region", "us-east-1,evil.com/x"}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_NE(what(error).find("region: \"us-east-1,evil.com/x\" is not a region"), std::string::npos)
      << what(error);
  error = refusal({{"tag_key", "k"}, {"tag_value", "v"}}, {{"AWS_REGION", "Us East"}});
  EXPECT_NE(what(error).find("AWS_REGION: \"Us East\" is not a region"), std::string::npos)
      << what(error);
  error = refusal({{"tag_key", "k"}, {"tag_value", "v"}, {"access_key_id", aws_key_id}});
  EXPECT_NE(what(error).find("access_key_id and secret_access_key: give both or neither"),
            std::string::npos);
  error = refusal({{"tag_key", "k"}, {"tag_value", "v"}, {"endpoint", "ftp://x"}});
  EXPECT_EQ(what(error), "endpoint: \"ftp://x\" is not an http:// or https:// URL");
  error = refusal({{"tag_key", "k"}, {"tag_value", "v"}}, {{"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_NE(what(error).find("region: missing value"), std::string::npos) << what(error);
  error = refusal({{"tag_key", "k"}, {"tag_value", "v"}},
                  {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "file:///etc/passwd"}});
  EXPECT_EQ(error.status(), Status::invalid_config);
}

TEST(AwsCommand, DiscoverPrintsTheAddressesAndNeverTheSecret) {
  HttpServer server = aws_server({{"instances", seven_servers()}, {"page_size", 3}});
  const CommandResult r = discover_command(
      {"--log-level", "debug",
       "provider=aws region=us-east-1 tag_key=consul tag_value=server addr_type=public_v6 " +
           keys_args},
      {{"AWS_ENDPOINT_URL", server.url("")}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "2600:1f18::1 2600:1f18::2 2600:1f18::3 2600:1f18::4 2600:1f18::5 "
            "2600:1f18::6 2600:1f18::7\n");
  EXPECT_NE(r.err.find("page 3 held 1 running instances"), std::string::npos) << r.err;
  joinery::test::expect_never_printed(r, aws_secret);
}

TEST(AwsCommand, DiscoverFailsAWrongSecretWithAwsCodeWithoutPrintingIt) {
  HttpServer server = aws_server({{"instances", seven_servers()}});
  const std::string wrong = "wrongSecretAccessKey/0123456789abcdefghij";
  const CommandResult r = discover_command(
      {"--log-level", "debug",
       "provider=aws region=us-east-1 tag_key=consul tag_value=server access_key_id=" + aws_key_id +
           " secret_access_key=" + wrong + " session_token=FwoGZXIvYXdzEXAMPLE"},
      {{"AWS_ENDPOINT_URL", server.url("")}});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("SignatureDoesNotMatch"), std::string::npos) << r.err;
  joinery::test::expect_never_printed(r, wrong);
  joinery::test::expect_never_printed(r, "FwoGZXIvYXdzEXAMPLE");
}

TEST(AwsCommand, DiscoverGoesThroughTheProxyOfTheEnvironment) {
  // The test server is a plain-HTTP proxy too: it answers absolute-URI requests for the
  // regional host, whose name is signed as the Host header.
  HttpServer proxy = aws_server({{"instances", seven_servers()}});
  const CommandResult r = discover_command(
      {"provider=aws region=us-east-1 tag_key=consul tag_value=server " + keys_args},
      {{"http_proxy", proxy.url("")},
       {"AWS_ENDPOINT_URL_EC2", "http://ec2.us-east-1.amazonaws.example"},
       {"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), ' '), 6) << r.out;
  const auto requests = proxy.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["headers"]["Host"], "ec2.us-east-1.amazonaws.example");
}

TEST(AwsCommand, HelpProviderShowsEveryKeyTheCredentialChainAndExamples) {
  joinery::test::expect_help_shows(
      "aws", {"region", "tag_key", "tag_value", "addr_type", "access_key_id", "secret_access_key",
              "session_token", "service", "ecs_cluster", "ecs_family", "endpoint",
              "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "IMDSv2",
              "AWS_ENDPOINT_URL_EC2", "provider=aws region=us-east-1,eu-west-1 tag_key=consul"});
}

}  // namespace
