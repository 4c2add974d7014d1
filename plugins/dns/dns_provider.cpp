#include "dns/dns_provider.hpp"

namespace joinery::dns {

void DnsProvider::validate(const sdk::Config &config, const sdk::Call & /*call*/) const {
  (void)read_dns_settings(config);
}

void DnsProvider::discover(const sdk::Config &config, const sdk::Call &call,
                           const sdk::AddressSink &out) const {
  const DnsSettings settings = read_dns_settings(config);
  const Discovered found = discover_dns(settings, call.bounds());
  for (const std::string &warning : found.warnings) {
    call.warn(warning + " (continuing with the names that resolved)");
  }
  for (const std::string &address : found.addresses) {
    out.push(address);
  }
}

}  // namespace joinery::dns
