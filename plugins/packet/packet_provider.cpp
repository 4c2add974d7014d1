// The `packet` discovery provider: go-discover's packet (Equinix Metal) provider, key
// for key.
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "packet_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "packet", "Equinix Metal (Packet) devices (go-discover's packet provider)",
    "Lists the devices of project, keeps those in one of the facilities and with one\n"
    "of the tags given (comma lists), and returns every address of each matching\n"
    "address_type: private_v4 (default), public_v4 or public_v6. project, auth_token\n"
    "and url default to $PACKET_PROJECT, $PACKET_AUTH_TOKEN and $PACKET_URL (then\n"
    "https://api.equinix.com/metal/v1/). Examples:\n"
    "  provider=packet project=PROJECT-UUID auth_token=... facility=ewr1,ams1\n"
    "  provider=packet address_type=public_v6 tag=consul (the rest from PACKET_*)",
    packet::packet_keys);

}  // namespace

JOINERY_PLUGIN(
    "org.joinery.packet", "1.0.0",
    joinery::sdk::Providers<joinery::cloud::CloudProvider<
        description, joinery::packet::read_packet_settings, joinery::packet::discover_packet>>,
    joinery::sdk::Backends<>, joinery::http::CurlLibrary);
