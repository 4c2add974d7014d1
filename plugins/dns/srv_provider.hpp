// The `srv` discovery provider: go-discover's srv provider (service, proto, domain),
// returning target:port in RFC 2782 order, or the targets' addresses with resolve=true.
#pragma once

#include <joinery/plugin.hpp>

#include "dns/dns_discovery.hpp"

namespace joinery::dns {

class SrvProvider final : public sdk::Provider {
 public:
  static constexpr joinery_key keys[] = {
      sdk::required("service", "SRV service name, e.g. serf (queried as _serf)"),
      sdk::optional("proto", "tcp", "SRV protocol, e.g. tcp or udp (queried as _tcp)"),
      sdk::required("domain", "domain of the SRV name, e.g. example.com"),
      sdk::optional("resolve", "false",
                    "return the targets' addresses (addr:port) instead of target:port",
                    JOINERY_KEY_BOOL),
      kResolverKey,
      kTimeoutKey};
  static constexpr auto description = sdk::describe(
      "srv", "SRV records: target:port, ordered by priority and weight",
      "Queries the SRV records of _SERVICE._PROTO.DOMAIN on each attempt and returns\n"
      "target:port for each, lowest priority first and in weighted random order within a\n"
      "priority (RFC 2782). With resolve=true each target's A and AAAA addresses are\n"
      "returned instead, as addr:port (IPv6 bracketed), in the same order.\n"
      "\n"
      "    provider=srv service=serf domain=example.com\n"
      "    provider=srv service=consul-server proto=tcp domain=dc1.consul resolve=true "
      "resolver=127.0.0.1:8600\n",
      keys);

  void validate(const sdk::Config &config, const sdk::Call &call) const override;
  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override;
};

}  // namespace joinery::dns
