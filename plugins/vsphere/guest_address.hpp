// Which of the addresses VMware Tools reports for a guest are peers' addresses: IPv4
// and IPv6 alike, never loopback, link-local (unicast or multicast) or multicast, as
// go-discover's skipIPAddr rules; anything that is no IP address is left out too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace joinery::vsphere {

// The address in canonical form ("2001:db8::1" for "2001:DB8:0::1"), or nullopt when
// it is left out.
std::optional<std::string> peer_address(std::string_view reported);

}  // namespace joinery::vsphere
