// The `dns` discovery provider: A and AAAA records of one or more names.
#pragma once

#include <joinery/plugin.hpp>

#include "dns/dns_discovery.hpp"

namespace joinery::dns {

class DnsProvider final : public sdk::Provider {
 public:
  static constexpr joinery_key keys[] = {
      {"name", JOINERY_KEY_STRING, JOINERY_KEY_REQUIRED | JOINERY_KEY_REPEATABLE, nullptr,
       "DNS name(s) to look up, comma-separated; looked up afresh on every attempt"},
      sdk::optional("port", nullptr, "port appended to every address (IPv6 bracketed)",
                    JOINERY_KEY_INTEGER),
      sdk::optional("type", "any", "records to ask for: a, aaaa or any (both)"),
      kResolverKey,
      kTimeoutKey};
  static constexpr auto description = sdk::describe(
      "dns", "A and AAAA records of DNS names",
      "Looks up the A and/or AAAA records of every name on each attempt (nothing is cached)\n"
      "and returns the addresses, with `port` appended when set. When some names do not\n"
      "resolve their failure is logged as a warning; when none resolve the attempt fails.\n"
      "\n"
      "    provider=dns name=consul.service.consul port=8301 resolver=127.0.0.1:8600\n"
      "    provider=dns name=a.example.com,b.example.com type=a timeout=2s\n",
      keys);

  void validate(const sdk::Config &config, const sdk::Call &call) const override;
  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override;
};

}  // namespace joinery::dns
