// What the `dns` provider does: its keys, read and checked, and one discovery.
#pragma once

#include <joinery/plugin.h>
#include <joinery/sdk/config.hpp>
#include <joinery/sdk/description.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <joinery/sdk/call.hpp>
#include "dns/address_lookup.hpp"
#include "dns/name_server.hpp"

namespace joinery::dns {

// The keys shared by `dns` and `srv`.
inline constexpr joinery_key kResolverKey = sdk::optional(
    "resolver", nullptr,
    "DNS server to ask instead of /etc/resolv.conf: IPv4[:port] or [IPv6][:port]; names are "
    "then taken as fully qualified and /etc/hosts is not read");
inline constexpr joinery_key kTimeoutKey = sdk::optional(
    "timeout", "5s", "how long the lookups of one attempt may take in all", JOINERY_KEY_DURATION);

struct DnsSettings {
  std::vector<std::string> names;
  AddressFamily family = AddressFamily::any;
  std::optional<std::uint16_t> port;
  std::optional<NameServer> resolver;
  std::chrono::milliseconds timeout{5000};
};

// Reads and checks the `dns` keys. Throws sdk::Error(invalid_config) naming the key.
DnsSettings read_dns_settings(const sdk::Config &config);

// Reads the `resolver` and `timeout` keys (shared with `srv`).
std::optional<NameServer> read_resolver(const sdk::Config &config);
std::chrono::milliseconds read_timeout(const sdk::Config &config);

// Checks that `name` can be a DNS name; throws sdk::Error(invalid_config) naming `key`.
void check_dns_name(std::string_view key, std::string_view name);

struct Discovered {
  std::vector<std::string> addresses;  // what to push, in order, without duplicates
  std::vector<std::string> warnings;   // what to log (names that failed while others resolved)
};

// Looks up every name (fresh, nothing cached) and returns its addresses, with `port`
// appended when set (IPv6 bracketed). Throws sdk::Error when no name resolved.
Discovered discover_dns(const DnsSettings &settings, const sdk::CallBounds &bounds);

}  // namespace joinery::dns
