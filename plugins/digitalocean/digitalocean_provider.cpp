// The `digitalocean` discovery provider: go-discover's digitalocean provider, key for
// key, with an addr_type for public addresses (go-discover#64).
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "digitalocean_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "digitalocean", "DigitalOcean droplets (go-discover's digitalocean provider)",
    "Lists the droplets tagged tag_name (every droplet without it), keeps those of\n"
    "region, and returns each one's private IPv4 address (addr_type=public_v4 or\n"
    "public_v6 for its public one). The token needs read scope; it is sent as a Bearer\n"
    "token to https://api.digitalocean.com, or to $DIGITALOCEAN_API_URL. Examples:\n"
    "  provider=digitalocean region=nyc3 tag_name=consul api_token=dop_v1_...\n"
    "  provider=digitalocean tag_name=consul addr_type=public_v4 (token from\n"
    "  $DIGITALOCEAN_TOKEN)",
    digitalocean::digitalocean_keys);

}  // namespace

JOINERY_PLUGIN("org.joinery.digitalocean", "1.0.0",
               joinery::sdk::Providers<joinery::cloud::CloudProvider<
                   description, joinery::digitalocean::read_digitalocean_settings,
                   joinery::digitalocean::discover_digitalocean>>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
