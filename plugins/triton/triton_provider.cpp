// The `triton` discovery provider: go-discover's triton provider, key for key, signing
// through the running ssh-agent as go-discover does, or with key_file; every page.
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "triton_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "triton", "Triton (Joyent) machines (go-discover's triton provider)",
    "Lists the machines of account tagged tag_key=tag_value through CloudAPI at url\n"
    "(every page) and returns each one's primary IP. Each request carries an HTTP\n"
    "Signature over its Date header, made by the ssh-agent at $SSH_AUTH_SOCK with the\n"
    "key whose fingerprint is key_id (the private key never leaves the agent), or with\n"
    "key_file (PEM or PKCS#8) on hosts without an agent. account, key_id, url and\n"
    "key_file default to $TRITON_ACCOUNT, $TRITON_KEY_ID, $TRITON_URL and\n"
    "$TRITON_KEY_MATERIAL (or SDC_*). Examples:\n"
    "  provider=triton account=acme url=https://us-east-1.api.joyent.com\n"
    "    key_id=6b:95:03:3d:d3:6e:52:69:01:96:1a:46:4a:8d:c1:7e\n"
    "    tag_key=consul-role tag_value=server\n"
    "  provider=triton tag_key=consul-role tag_value=server key_file=/etc/joinery/triton.pem",
    triton::triton_keys);

}  // namespace

JOINERY_PLUGIN(
    "org.joinery.triton", "1.0.0",
    joinery::sdk::Providers<joinery::cloud::CloudProvider<
        description, joinery::triton::read_triton_settings, joinery::triton::discover_triton>>,
    joinery::sdk::Backends<>, joinery::http::CurlLibrary);
