// One retry_join / retry_join_wan / primary_gateways entry: a provider string or a
// literal address. Consul's rule decides which: an entry holding "provider=" goes to
// discovery, anything else is an address handed to the join as written (a hostname
// is resolved by the join on every attempt, never cached here).
#pragma once

#include <string>
#include <string_view>

#include "problem/result.hpp"

namespace joinery::discovery {

// Consul's test: strings.Contains(entry, "provider=").
[[nodiscard]] bool is_provider_string(std::string_view entry) noexcept;

// Where an address comes from. The host itself writes the WAN placeholder
// "*.DC/192.0.2.2" as a configured entry; a provider's result may never be one (the
// backend would route it through the primary's gateways).
enum class AddressSource { configured, discovered };

// The one address check, for configured literals before the first attempt and for
// every address a provider returns: "host", "host:port", "[v6]", "[v6]:port", a bare
// IPv6 literal ("::1", "fe80::1%eth0"), each optionally prefixed "name/" (memberlist's
// node-name form). The host is a dotted-quad IPv4 address, an IPv6 address or a DNS
// name (letters, digits, '-', '_' in labels of at most 63 that do not start with '-');
// a node name is made of the same characters and does not start with '-'. Anything else
// (an option such as "-rpc-addr=...", white space, control bytes, non-ASCII) is refused,
// so an address can never be read as an option or forge a line. What is wrong is the
// Problem's `what`, e.g. "empty node name provided" (memberlist's message); the caller
// knows where the address came from. Hostnames are not looked up: the join does that
// on every attempt.
[[nodiscard]] Result<> check_address(std::string_view entry, AddressSource source);

// check_address for a configured retry_join / retry_join_wan / primary_gateways literal.
[[nodiscard]] inline Result<> check_literal_address(std::string_view entry) {
  return check_address(entry, AddressSource::configured);
}

// An address a provider found, in the form the join expects: a port-carrying IPv6
// address bracketed ("[::1]:8301"), a needlessly bracketed IPv4 or name unbracketed,
// surrounding white space removed, a "name/" prefix kept. Anything this cannot split
// is returned trimmed but otherwise as it is; empty input gives an empty string.
[[nodiscard]] std::string normalize_address(std::string_view address);

}  // namespace joinery::discovery
