#include "mdns/mdns_settings.hpp"

#include "dns/dns_discovery.hpp"

namespace joinery::mdns {
namespace {

[[noreturn]] void invalid(std::string_view key, const std::string &why) {
  throw sdk::Error(sdk::Status::invalid_config, std::string(key) + ": " + why);
}

// go-discover takes "_consul._tcp." and ".local" as well: the dots are dropped.
std::string without_dots(std::string_view text) {
  while (!text.empty() && text.front() == '.') text.remove_prefix(1);
  while (!text.empty() && text.back() == '.') text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

MdnsSettings read_mdns_settings(const sdk::Config &config) {
  MdnsSettings settings;
  settings.service = without_dots(config.get_or("service", ""));
  if (settings.service.empty()) {
    invalid("service", "missing value (the DNS-SD service to ask for, e.g. _consul._tcp)");
  }
  dns::check_dns_name("service", settings.service);
  settings.domain = without_dots(config.get_or("domain", "local"));
  if (settings.domain.empty()) {
    invalid("domain", "must not be empty (the default is local)");
  }
  dns::check_dns_name("domain", settings.domain);
  if (settings.service_name().size() > 253) {
    invalid("service", "\"" + settings.service_name() + "\" is longer than a DNS name may be");
  }
  settings.timeout = dns::read_timeout(config);
  settings.v6 = config.get_bool("v6", true);
  settings.v4 = config.get_bool("v4", true);
  if (!settings.v6 && !settings.v4) {
    invalid("v4", "v4 and v6 are both false: at least one address family must be used");
  }
  return settings;
}

}  // namespace joinery::mdns
