// The `softlayer` discovery provider: go-discover's softlayer provider, key for key.
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "softlayer_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "softlayer", "IBM Cloud classic (SoftLayer) virtual guests (go-discover's provider)",
    "Lists the account's virtual guests of datacenter tagged tag_value (an object\n"
    "filter; an empty key filters nothing) and returns their primaryBackendIpAddress.\n"
    "username and api_key (Basic auth) default to $SL_USERNAME and $SL_API_KEY;\n"
    "$SL_ENDPOINT_URL overrides https://api.softlayer.com/rest/v3, as softlayer-go.\n"
    "Examples:\n"
    "  provider=softlayer datacenter=dal09 tag_value=consul (keys from SL_*)\n"
    "  provider=softlayer tag_value=consul username=SL1234567 api_key=...",
    softlayer::softlayer_keys);

}  // namespace

JOINERY_PLUGIN(
    "org.joinery.softlayer", "1.0.0",
    joinery::sdk::Providers<
        joinery::cloud::CloudProvider<description, joinery::softlayer::read_softlayer_settings,
                                      joinery::softlayer::discover_softlayer>>,
    joinery::sdk::Backends<>, joinery::http::CurlLibrary);
