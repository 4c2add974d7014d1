// PodList answers as a broken or hostile API server sends them, through go-discover's
// k8s rules (phase, readiness, pod or host IP, the port annotation matched against
// named container ports). Every answer must give addresses or an sdk::Error.
//
// Input: byte 0 bit 0 is host_network, the rest is the PodList JSON.
#include <cstdint>
#include <string_view>

#include <joinery/sdk/status.hpp>

#include "pod_addresses.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view pod_list(reinterpret_cast<const char *>(data + 1), size - 1);
  try {
    (void)joinery::k8s::pod_addresses(pod_list, (data[0] & 1) != 0);
  } catch (const joinery::sdk::Error &) {
    // Not a PodList: the provider says so.
  }
  return 0;
}
