// The mdns provider's keys, go-discover's key for key, read and checked.
#pragma once

#include <joinery/plugin.hpp>

#include <chrono>
#include <string>

namespace joinery::mdns {

inline constexpr joinery_key mdns_keys[] = {
    sdk::required("service", "the DNS-SD service, as _name._proto (e.g. _consul._tcp)"),
    sdk::optional("domain", "local", "the DNS-SD domain"),
    sdk::optional("timeout", "5s",
                  "how long to collect answers (the call's deadline cuts it short)",
                  JOINERY_KEY_DURATION),
    sdk::optional("v6", "true", "use (and prefer) IPv6: ask over IPv6 and return AAAA addresses",
                  JOINERY_KEY_BOOL),
    sdk::optional("v4", "true", "use IPv4: ask over IPv4 and return A addresses", JOINERY_KEY_BOOL),
};

struct MdnsSettings {
  std::string service;  // "_consul._tcp", without surrounding dots
  std::string domain = "local";
  std::chrono::milliseconds timeout{5000};
  bool v6 = true;
  bool v4 = true;

  // "_consul._tcp.local": the name whose PTR records list the instances.
  [[nodiscard]] std::string service_name() const { return service + "." + domain; }
};

// Throws sdk::Error(invalid_config) naming the key.
MdnsSettings read_mdns_settings(const sdk::Config &config);

}  // namespace joinery::mdns
