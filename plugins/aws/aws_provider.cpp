// The `aws` discovery provider: go-discover's aws provider, key for key, and what its
// users asked for beyond it: every NextToken page, several regions at once
// (go-discover#47), the SDKs' whole credential chain, a bad addr_type refused.
#include "aws_discovery.hpp"
#include "cloud_provider.hpp"
#include "curl_library.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "aws", "Amazon EC2 instances or ECS tasks by tag (go-discover's aws provider)",
    "Lists the running EC2 instances tagged tag_key=tag_value (ec2:DescribeInstances,\n"
    "every page) and returns each one's private IPv4 address (addr_type=public_v4 or\n"
    "public_v6 for its public ones). service=ecs lists the tagged RUNNING tasks of\n"
    "ecs_cluster (every cluster without it) instead and returns their private IPv4\n"
    "(ecs:ListClusters, ecs:ListTasks, ecs:DescribeTasks). region may be a comma list:\n"
    "every region is asked at once. Without region: $AWS_REGION, $AWS_DEFAULT_REGION,\n"
    "then the instance's own region from the metadata service.\n"
    "Credentials, first found wins: access_key_id + secret_access_key (+ session_token);\n"
    "$AWS_ACCESS_KEY_ID + $AWS_SECRET_ACCESS_KEY; $AWS_PROFILE (default) in\n"
    "~/.aws/credentials ($AWS_SHARED_CREDENTIALS_FILE) or ~/.aws/config ($AWS_CONFIG_FILE):\n"
    "its keys, its role_arn (assumed with source_profile or credential_source) or its\n"
    "credential_process (SSO profiles: use credential_process = aws configure\n"
    "export-credentials --profile NAME --format process);\n"
    "$AWS_WEB_IDENTITY_TOKEN_FILE + $AWS_ROLE_ARN through STS (EKS); the ECS container\n"
    "credentials ($AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI); the instance\n"
    "role (IMDSv2, else IMDSv1). Endpoints: endpoint, $AWS_ENDPOINT_URL_EC2 (_ECS, _STS),\n"
    "$AWS_ENDPOINT_URL, $AWS_EC2_METADATA_SERVICE_ENDPOINT. CAs: $AWS_CA_BUNDLE (a PEM\n"
    "file) instead of the system's, for every AWS API call. Examples:\n"
    "  provider=aws tag_key=consul tag_value=server\n"
    "  provider=aws region=us-east-1,eu-west-1 tag_key=consul tag_value=server\n"
    "  provider=aws service=ecs ecs_cluster=prod tag_key=consul tag_value=server",
    aws::aws_keys);

}  // namespace

JOINERY_PLUGIN("org.joinery.aws", "1.0.0",
               joinery::sdk::Providers<joinery::cloud::CloudProvider<
                   description, joinery::aws::read_aws_settings, joinery::aws::discover_aws>>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
