// compute v1 list answers as a broken or hostile endpoint sends them, through the
// gce provider's page reader and go-discover's instance rules (status, network tag,
// label, networkInterfaces[0].networkIP). Every answer must give addresses or an
// sdk::Error.
//
// Input: byte 0 bit 0 asks for tag_value=consul, bit 1 for label role=server; the
// rest is the InstanceList JSON.
#include <cstdint>
#include <string>
#include <string_view>

#include <joinery/sdk/status.hpp>

#include "compute_api.hpp"
#include "gce_discovery.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char *>(data + 1), size - 1);
  joinery::gce::GceSettings settings;
  if ((data[0] & 1) != 0) settings.tag_value = "consul";
  if ((data[0] & 2) != 0) {
    settings.label_key = "role";
    settings.label_value = "server";
  }
  try {
    const auto page = joinery::gce::read_compute_page(body, "GET fuzz");
    for (const auto &instance : page.items) {
      std::string why_not;
      (void)joinery::gce::instance_address(instance, settings, why_not);
    }
  } catch (const joinery::sdk::Error &) {
    // Not an InstanceList: the provider says so.
  }
  return 0;
}
