// A and AAAA lookups of several names at once on one channel.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dns/ares_channel.hpp"
#include "dns/lookup_failure.hpp"

namespace joinery::dns {

enum class AddressFamily { ipv4, ipv6, any };

struct NameAddresses {
  std::string name;
  std::vector<std::string> addresses;    // IPv4 first, then IPv6; in the server's order within each
  std::optional<LookupFailure> failure;  // set when nothing was found for this name
};

// Looks up every name in parallel and returns one result per name, in the order given.
// The system resolver (no explicit server) also consults /etc/hosts and accepts IP
// literals, as getaddrinfo does. Never throws for a failed lookup: see `failure`.
std::vector<NameAddresses> lookup_addresses(AresChannel &channel,
                                            const std::vector<std::string> &names,
                                            AddressFamily family, const sdk::CallBounds &bounds);

}  // namespace joinery::dns
