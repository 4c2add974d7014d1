#include "discovered_addresses.hpp"

namespace joinery::cloud {

void hand_over(const DiscoveredAddresses &found, const sdk::Call &call,
               const sdk::AddressSink &out) {
  for (const std::string &note : found.notes) {
    call.debug(note);
  }
  for (const std::string &address : found.addresses) {
    out.push(address);
  }
}

}  // namespace joinery::cloud
