// What one attempt of a cloud provider found: the addresses, and notes for the debug
// log (where the credentials came from, how many items each page held), handed to
// the host together once the attempt is done.
#pragma once

#include <joinery/plugin.hpp>

#include <string>
#include <vector>

namespace joinery::cloud {

struct DiscoveredAddresses {
  std::vector<std::string> addresses;
  std::vector<std::string> notes;
};

// Logs every note at debug level, then pushes every address.
void hand_over(const DiscoveredAddresses &found, const sdk::Call &call,
               const sdk::AddressSink &out);

}  // namespace joinery::cloud
