// The `mdns` discovery provider: go-discover's mdns provider, key for key. c-ares'
// message functions need no ares_library_init on Linux (it only sets up Windows
// sockets and the allocator hooks), so the plugin has no init step.
#include <joinery/plugin.hpp>
#include <joinery/sdk/duration.hpp>

#include "mdns/mdns_discovery.hpp"
#include "mdns/mdns_settings.hpp"

namespace joinery::mdns {
namespace {

class MdnsProvider final : public sdk::Provider {
 public:
  static constexpr auto description = sdk::describe(
      "mdns", "DNS-SD service instances by multicast DNS (go-discover's mdns provider)",
      "Asks the local network by multicast DNS (224.0.0.251 and ff02::fb, port 5353) for\n"
      "the instances of a DNS-SD service, collects the answers for `timeout` (or until the\n"
      "call's deadline) and returns ip:port for each instance: its IPv6 address when v6 is\n"
      "true and it has one, else its IPv4 address. No answer in that time gives no\n"
      "addresses. Examples:\n"
      "  provider=mdns service=_consul._tcp\n"
      "  provider=mdns service=_serf._udp domain=local timeout=2s v6=false\n",
      mdns_keys);

  void validate(const sdk::Config &config, const sdk::Call & /*call*/) const override {
    (void)read_mdns_settings(config);
  }

  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override {
    const MdnsSettings settings = read_mdns_settings(config);
    const Listening listening = discover_mdns(settings, call.bounds());
    const std::string listened = sdk::format_duration(listening.listened);
    if (listening.end == ListenEnd::cancelled) {
      throw sdk::Error(sdk::Status::cancelled, "mdns: cancelled after listening " + listened +
                                                   " for " + settings.service_name());
    }
    for (const std::string &problem : listening.problems) call.debug("mdns: " + problem);
    if (listening.ignored != 0) {
      call.debug("mdns: ignored " + std::to_string(listening.ignored) +
                 " datagram(s) that were not readable mDNS answers");
    }
    for (const std::string &note : listening.found.notes) call.debug("mdns: " + note);
    if (listening.found.addresses.empty()) {
      const std::string cut_short = listening.end == ListenEnd::deadline
                                        ? " (the call's deadline came before the timeout of " +
                                              sdk::format_duration(settings.timeout) + ")"
                                        : "";
      call.warn("mdns: no instance of " + settings.service_name() + " answered in " + listened +
                " of listening" + cut_short);
    }
    for (const std::string &address : listening.found.addresses) out.push(address);
  }
};

}  // namespace
}  // namespace joinery::mdns

JOINERY_PLUGIN("org.joinery.mdns", "1.0.0", joinery::sdk::Providers<joinery::mdns::MdnsProvider>,
               joinery::sdk::Backends<>);
