// Resource Manager network-interface list answers as a broken or hostile endpoint
// sends them, through the azure provider's page reader and its private-IP rule.
// Every answer must give addresses or an sdk::Error.
#include <cstdint>
#include <string_view>

#include <joinery/sdk/status.hpp>

#include "arm_api.hpp"
#include "azure_discovery.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char *>(data), size);
  auto answer = nlohmann::json::parse(body, nullptr, false);
  if (!answer.is_object()) return 0;
  try {
    const auto page = joinery::azure::read_arm_page(std::move(answer), "GET fuzz");
    for (const auto &interface : page.values) {
      (void)joinery::azure::private_addresses(interface);
    }
  } catch (const joinery::sdk::Error &) {
    // Not an interface list: the provider says so.
  }
  return 0;
}
