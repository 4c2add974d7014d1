// The `tencentcloud` discovery provider: go-discover's tencentcloud provider, key for
// key, reading every page (go-discover reads the first 20 instances), with public_v6.
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "tencentcloud_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "tencentcloud", "Tencent Cloud CVM instances (go-discover's tencentcloud provider)",
    "Lists the running CVM instances of region tagged tag_key=tag_value (every page of\n"
    "DescribeInstances, API 2017-03-12, signed with TC3-HMAC-SHA256) and returns each\n"
    "one's first private IPv4 address (address_type=public_v4 or public_v6 for its\n"
    "public one). The CAM user needs cvm:DescribeInstances. Credentials:\n"
    "access_key_id and access_key_secret, else $TENCENTCLOUD_SECRET_ID,\n"
    "$TENCENTCLOUD_SECRET_KEY (and $TENCENTCLOUD_SESSION_TOKEN). Endpoint:\n"
    "$TENCENTCLOUD_CVM_ENDPOINT (https://cvm.tencentcloudapi.com). Examples:\n"
    "  provider=tencentcloud region=ap-guangzhou tag_key=consul tag_value=server\n"
    "    access_key_id=AKID... access_key_secret=...\n"
    "  provider=tencentcloud region=ap-shanghai tag_key=consul tag_value=server\n"
    "    address_type=public_v4",
    tencentcloud::tencentcloud_keys);

}  // namespace

JOINERY_PLUGIN("org.joinery.tencentcloud", "1.0.0",
               joinery::sdk::Providers<joinery::cloud::CloudProvider<
                   description, joinery::tencentcloud::read_tencentcloud_settings,
                   joinery::tencentcloud::discover_tencentcloud>>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
