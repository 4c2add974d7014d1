// The REST clouds' answer pages (digitalocean, linode, scaleway, packet, softlayer) as
// a broken or hostile API sends them, through each provider's page reader. Every
// answer must give addresses or an sdk::Error (a JSON document of another shape).
//
// Input: byte 0 picks the reader (its value mod 6) and, in its high bits, the address
// type and whether a region/tag filter is set; the rest is the answer's JSON.
#include <cstdint>
#include <string_view>

#include <joinery/sdk/status.hpp>

#include "digitalocean_discovery.hpp"
#include "linode_discovery.hpp"
#include "packet_discovery.hpp"
#include "scaleway_discovery.hpp"
#include "softlayer_discovery.hpp"

namespace {

using namespace joinery;

void read(unsigned selector, cloud::JsonAnswer &answer) {
  const unsigned type = selector >> 3;
  const bool filtered = (selector & 4) != 0;
  cloud::Found found;
  switch (selector % 6) {
    case 0: {
      digitalocean::DigitalOceanSettings settings;
      settings.address_type = static_cast<digitalocean::AddressType>(type % 3);
      settings.region = filtered ? "nyc3" : "";
      (void)digitalocean::read_droplet_page(answer, settings, found);
      break;
    }
    case 1: {
      std::vector<linode::LinodeInstance> instances;
      (void)linode::read_instance_page(answer, 1, instances);
      break;
    }
    case 2:
      (void)linode::read_instance_address(answer, static_cast<linode::AddressType>(type % 5));
      break;
    case 3: {
      scaleway::ScalewaySettings settings;
      settings.tag_name = "consul";
      (void)scaleway::read_server_page(answer, settings, "fr-par-1", found);
      break;
    }
    case 4: {
      packet::PacketSettings settings;
      settings.address_type = static_cast<packet::AddressType>(type % 3);
      if (filtered) {
        settings.facilities = {"ewr1"};
        settings.tags = {"consul", "web"};
      }
      (void)packet::read_device_page(answer, settings, found);
      break;
    }
    default:
      (void)softlayer::read_guest_page(answer, found);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
  cloud::JsonAnswer answer;
  answer.request = "fuzz: GET http://127.0.0.1/";
  answer.document = nlohmann::json::parse(text, nullptr, false);
  if (answer.document.is_discarded()) {
    return 0;  // not JSON: call_json_api refuses it before any reader sees it
  }
  try {
    read(data[0], answer);
  } catch (const sdk::Error &) {
    // An answer of another shape: the provider says so.
  }
  return 0;
}
