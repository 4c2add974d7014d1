// The `linode` discovery provider: go-discover's linode provider, key for key, with
// address_type=vpc_v4 and a routable private_v6.
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "linode_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "linode", "Linode instances (go-discover's linode provider)",
    "Lists the instances of region with tag tag_name (X-Filter), fetches each one's IPs\n"
    "and returns the first of address_type: private_v4 (default), public_v4, vpc_v4\n"
    "(its VPC interface), public_v6 or private_v6 (both the SLAAC address: Linode has\n"
    "no private IPv6, and the link-local one is never routable). The token (key, else\n"
    "$LINODE_TOKEN) needs linodes:read_only. $LINODE_URL, $LINODE_API_VERSION and\n"
    "$LINODE_CA (a CA file) as linodego reads them. Examples:\n"
    "  provider=linode region=us-east tag_name=consul api_token=...\n"
    "  provider=linode tag_name=consul address_type=vpc_v4",
    linode::linode_keys);

}  // namespace

JOINERY_PLUGIN(
    "org.joinery.linode", "1.0.0",
    joinery::sdk::Providers<joinery::cloud::CloudProvider<
        description, joinery::linode::read_linode_settings, joinery::linode::discover_linode>>,
    joinery::sdk::Backends<>, joinery::http::CurlLibrary);
