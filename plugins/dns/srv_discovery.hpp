// What the `srv` provider does: go-discover's srv keys (service, proto, domain), plus
// `resolve`, `resolver` and `timeout`, and one discovery.
#pragma once

#include <joinery/sdk/config.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <string>

#include <joinery/sdk/call.hpp>
#include "dns/dns_discovery.hpp"
#include "dns/name_server.hpp"

namespace joinery::dns {

struct SrvSettings {
  std::string name;      // "_serf._tcp.example.com"
  bool resolve = false;  // return addr:port instead of target:port
  std::optional<NameServer> resolver;
  std::chrono::milliseconds timeout{5000};
};

// Reads and checks the `srv` keys. `service` and `proto` may be written with or without
// their leading underscore. Throws sdk::Error(invalid_config) naming the key.
SrvSettings read_srv_settings(const sdk::Config &config);

// Queries the SRV records (fresh, nothing cached) and returns "target:port" in RFC 2782
// order, or with `resolve` every address of each target as "addr:port" (IPv6
// bracketed), in the same order. Throws sdk::Error when there is nothing to return.
Discovered discover_srv(const SrvSettings &settings, const sdk::CallBounds &bounds,
                        std::mt19937_64 &random);

}  // namespace joinery::dns
