// The aws provider's keys (go-discover's, key for key) and what one attempt needs to
// know, read from them and from the environment variables the AWS SDKs read.
#pragma once

#include "environment.hpp"
#include "http_request.hpp"

#include <joinery/plugin.hpp>

#include <string>
#include <vector>

namespace joinery::aws {

inline constexpr joinery_key aws_keys[] = {
    sdk::optional("region", "",
                  "region, or a comma list asked in parallel; default $AWS_REGION, "
                  "$AWS_DEFAULT_REGION, then the instance's own region (IMDS)"),
    sdk::required("tag_key", "the tag key the instances (or ECS tasks) carry"),
    sdk::required("tag_value", "the value of that tag"),
    sdk::optional("addr_type", "private_v4", "private_v4, public_v4 or public_v6 (ec2 only)"),
    sdk::optional("access_key_id", "",
                  "access key id; default: the SDKs' credential chain (see the help)"),
    sdk::secret("secret_access_key", "the secret access key of access_key_id"),
    sdk::secret("session_token", "the session token of temporary keys"),
    sdk::optional("service", "ec2", "ec2 (instances) or ecs (tasks)"),
    sdk::optional("ecs_cluster", "", "service=ecs: only this cluster (name or ARN); default all"),
    sdk::optional("ecs_family", "", "service=ecs: only tasks of this task definition family"),
    sdk::optional("endpoint", "",
                  "the service's API URL; default $AWS_ENDPOINT_URL_EC2 (_ECS), "
                  "$AWS_ENDPOINT_URL, then the region's own endpoint"),
};

enum class AddressType { private_v4, public_v4, public_v6 };
enum class Service { ec2, ecs };

// An access key pair, with the session token of temporary credentials.
struct AccessKeys {
  std::string access_key_id;
  std::string secret_access_key;  // a secret
  std::string session_token;      // a secret; empty for long-term keys

  [[nodiscard]] bool empty() const { return access_key_id.empty(); }
};

// Where the credential chain looks, in the SDKs' order (see aws_credentials.hpp).
struct CredentialSources {
  AccessKeys keys;         // access_key_id, secret_access_key, session_token
  AccessKeys environment;  // $AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY, $AWS_SESSION_TOKEN
  std::string profile = "default";      // $AWS_PROFILE
  bool profile_named = false;           // $AWS_PROFILE is set: the profile must exist
  std::string credentials_file;         // $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials
  std::string config_file;              // $AWS_CONFIG_FILE, else ~/.aws/config
  std::string web_identity_token_file;  // $AWS_WEB_IDENTITY_TOKEN_FILE
  std::string role_arn;                 // $AWS_ROLE_ARN
  std::string role_session_name;        // $AWS_ROLE_SESSION_NAME, else "joinery"
  // The ECS agent's credentials URL: 169.254.170.2 + $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  // or $AWS_CONTAINER_CREDENTIALS_FULL_URI; empty: none.
  std::string container_url;
  std::string container_token;       // $AWS_CONTAINER_AUTHORIZATION_TOKEN (a secret)
  std::string container_token_file;  // $AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
  bool metadata_disabled = false;    // $AWS_EC2_METADATA_DISABLED=true
};

inline constexpr const char *default_metadata_endpoint = "http://169.254.169.254";

struct AwsSettings {
  std::vector<std::string> regions;  // empty: the instance's region, from IMDS
  std::string tag_key;
  std::string tag_value;
  AddressType address_type = AddressType::private_v4;
  Service service = Service::ec2;
  std::string ecs_cluster;
  std::string ecs_family;
  // The service's API URL when overridden (the endpoint key, $AWS_ENDPOINT_URL_EC2 or
  // _ECS, $AWS_ENDPOINT_URL); empty: https://SERVICE.REGION.amazonaws.com.
  std::string endpoint;
  std::string sts_endpoint;  // $AWS_ENDPOINT_URL_STS, $AWS_ENDPOINT_URL; empty: regional
  std::string metadata_endpoint = default_metadata_endpoint;  // $AWS_EC2_METADATA_SERVICE_ENDPOINT
  CredentialSources credentials;
  // $AWS_CA_BUNDLE, as the AWS SDKs read it: the CAs every AWS API call trusts instead of
  // the system's (a private CA, a TLS-inspecting proxy). Empty: the system's.
  http::PemSource ca_bundle;
};

// Throws sdk::Error(invalid_config) naming the key (or variable) for a bad addr_type,
// service, region, endpoint URL, or half a key pair.
AwsSettings read_aws_settings(const sdk::Config &config, const cloud::Environment &environment);

// The API's URL for `service` ("ec2", "ecs", "sts") in `region` when none is overridden:
// https://ec2.eu-west-1.amazonaws.com (amazonaws.com.cn in the China regions).
std::string regional_endpoint(const std::string &service, const std::string &region);

}  // namespace joinery::aws
