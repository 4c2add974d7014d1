// The `aliyun` discovery provider: go-discover's aliyun provider, key for key, reading
// every page (go-discover reads the first 10 instances) and taking credentials from
// the environment or the instance's RAM role too (go-discover#134).
#include "aliyun_discovery.hpp"
#include "cloud_provider.hpp"
#include "curl_library.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "aliyun", "Alibaba Cloud ECS instances (go-discover's aliyun provider)",
    "Lists the running ECS instances of region tagged tag_key=tag_value (every page of\n"
    "DescribeInstances, API 2014-05-26) and returns their VPC private addresses (the\n"
    "inner addresses of classic-network ones), or with addr_type=ipv6 their network\n"
    "interfaces' IPv6 addresses. Without region: $ALIBABA_CLOUD_REGION_ID, then the\n"
    "instance's own region from the metadata service. The RAM user or role needs\n"
    "ecs:DescribeInstances. Credentials: access_key_id and access_key_secret, else\n"
    "$ALIBABA_CLOUD_ACCESS_KEY_ID, $ALIBABA_CLOUD_ACCESS_KEY_SECRET (and\n"
    "$ALIBABA_CLOUD_SECURITY_TOKEN), else the instance's RAM role from the metadata\n"
    "service. Endpoints: $ALIBABA_CLOUD_ECS_ENDPOINT (https://ecs.aliyuncs.com),\n"
    "$ALIBABA_CLOUD_ECS_METADATA_ENDPOINT (http://100.100.100.200). Examples:\n"
    "  provider=aliyun region=cn-hangzhou tag_key=consul tag_value=server\n"
    "    access_key_id=LTAI... access_key_secret=...\n"
    "  provider=aliyun tag_key=consul tag_value=server addr_type=ipv6 (on ECS: its region\n"
    "    and RAM role)",
    aliyun::aliyun_keys);

}  // namespace

JOINERY_PLUGIN(
    "org.joinery.aliyun", "1.0.0",
    joinery::sdk::Providers<joinery::cloud::CloudProvider<
        description, joinery::aliyun::read_aliyun_settings, joinery::aliyun::discover_aliyun>>,
    joinery::sdk::Backends<>, joinery::http::CurlLibrary);
