// One retry_join / retry_join_wan / primary_gateways entry: a provider string or a
// literal address. Consul's rule decides which: an entry holding "provider=" goes to
// discovery, anything else is an address handed to the join as written (a hostname
// is resolved by the join on every attempt, never cached here).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace joinery::discovery {

// Consul's test: strings.Contains(entry, "provider=").
[[nodiscard]] bool is_provider_string(std::string_view entry) noexcept;

// Checks a literal address before the first attempt: "host", "host:port",
// "[v6]:port", a bare IPv6 literal, each optionally prefixed "name/" (memberlist's
// node-name form). Returns what is wrong, e.g. "empty node name provided" (memberlist's
// message) or "unbalanced '[' in address", or nullopt when it is usable. Hostnames are
// not looked up: the join does that on every attempt.
[[nodiscard]] std::optional<std::string> check_literal_address(std::string_view entry);

// An address a provider found, in the form the join expects: a port-carrying IPv6
// address bracketed ("[::1]:8301"), a needlessly bracketed IPv4 or name unbracketed,
// surrounding white space removed, a "name/" prefix kept. Anything this cannot split
// is returned trimmed but otherwise as it is; empty input gives an empty string.
[[nodiscard]] std::string normalize_address(std::string_view address);

}  // namespace joinery::discovery
