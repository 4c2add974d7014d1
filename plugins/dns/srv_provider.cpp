#include "dns/srv_provider.hpp"

#include <random>

#include "dns/srv_discovery.hpp"

namespace joinery::dns {

void SrvProvider::validate(const sdk::Config &config, const sdk::Call & /*call*/) const {
  (void)read_srv_settings(config);
}

void SrvProvider::discover(const sdk::Config &config, const sdk::Call &call,
                           const sdk::AddressSink &out) const {
  const SrvSettings settings = read_srv_settings(config);
  // Each call its own generator: calls run on several threads at once.
  std::mt19937_64 random{std::random_device{}()};
  const Discovered found = discover_srv(settings, call.bounds(), random);
  for (const std::string &warning : found.warnings) {
    call.warn(warning + " (continuing with the targets that resolved)");
  }
  for (const std::string &address : found.addresses) {
    out.push(address);
  }
}

}  // namespace joinery::dns
