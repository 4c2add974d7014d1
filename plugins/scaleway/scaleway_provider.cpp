// The `scaleway` discovery provider: go-discover's scaleway provider, key for key, on
// the current Instance API of every zone of the region (go-discover#45: its SDK's
// legacy endpoint is gone).
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "scaleway_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "scaleway", "Scaleway instances (go-discover's scaleway provider)",
    "Lists the servers of every zone of region (fr-par: fr-par-1, -2 and -3 at once)\n"
    "through the Instance API, keeps those tagged tag_name (exactly) and of\n"
    "organization, and returns their private IPs. token is an API secret key (key,\n"
    "else $SCW_SECRET_KEY) allowed InstancesReadOnly; $SCW_DEFAULT_ORGANIZATION_ID,\n"
    "$SCW_DEFAULT_REGION and $SCW_API_URL as scaleway-sdk-go reads them. Examples:\n"
    "  provider=scaleway region=fr-par tag_name=consul token=...\n"
    "  provider=scaleway region=nl-ams-1 tag_name=consul organization=ORG-UUID",
    scaleway::scaleway_keys);

}  // namespace

JOINERY_PLUGIN(
    "org.joinery.scaleway", "1.0.0",
    joinery::sdk::Providers<
        joinery::cloud::CloudProvider<description, joinery::scaleway::read_scaleway_settings,
                                      joinery::scaleway::discover_scaleway>>,
    joinery::sdk::Backends<>, joinery::http::CurlLibrary);
