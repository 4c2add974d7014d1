#include "dns/dns_discovery.hpp"

#include <joinery/sdk/host_port.hpp>
#include <joinery/sdk/status.hpp>

#include <unordered_set>

namespace joinery::dns {
namespace {

[[noreturn]] void invalid(std::string_view key, const std::string &why) {
  throw sdk::Error(sdk::Status::invalid_config, std::string(key) + ": " + why);
}

}  // namespace

void check_dns_name(std::string_view key, std::string_view name) {
  if (name.size() > 253) {
    invalid(key, "\"" + std::string(name) + "\" is longer than a DNS name may be (253)");
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '"' || c == '\\') {
      invalid(key, "\"" + std::string(name) + "\" is not a DNS name");
    }
  }
}

std::optional<NameServer> read_resolver(const sdk::Config &config) {
  const auto text = config.get("resolver");
  if (!text || text->empty()) return std::nullopt;
  return parse_name_server(*text);
}

std::chrono::milliseconds read_timeout(const sdk::Config &config) {
  const auto timeout = config.get_duration("timeout", std::chrono::seconds(5));
  if (timeout.count() <= 0) {
    invalid("timeout", "must be more than 0 (e.g. 2s)");
  }
  return timeout;
}

DnsSettings read_dns_settings(const sdk::Config &config) {
  DnsSettings settings;
  for (std::string_view name : config.get_list("name")) {
    check_dns_name("name", name);
    settings.names.emplace_back(name);
  }
  if (settings.names.empty()) {
    invalid("name", "missing value (one or more DNS names, comma-separated)");
  }
  const std::string_view type = config.get_or("type", "any");
  if (type == "a") {
    settings.family = AddressFamily::ipv4;
  } else if (type == "aaaa") {
    settings.family = AddressFamily::ipv6;
  } else if (type == "any" || type.empty()) {
    settings.family = AddressFamily::any;
  } else {
    invalid("type", "\"" + std::string(type) + "\" is not one of a, aaaa, any");
  }
  if (const auto port = config.get("port"); port && !port->empty()) {
    const std::int64_t value = config.get_int("port", 0);
    if (value < 1 || value > 65535) {
      invalid("port", "\"" + std::string(*port) + "\" is not a port (1-65535)");
    }
    settings.port = static_cast<std::uint16_t>(value);
  }
  settings.resolver = read_resolver(config);
  settings.timeout = read_timeout(config);
  return settings;
}

Discovered discover_dns(const DnsSettings &settings, const sdk::CallBounds &bounds) {
  AresChannel channel(settings.resolver, settings.timeout);
  const auto results = lookup_addresses(channel, settings.names, settings.family, bounds);

  std::vector<std::optional<LookupFailure>> failures;
  Discovered found;
  std::unordered_set<std::string> seen;
  for (const NameAddresses &result : results) {
    failures.push_back(result.failure);
    for (const std::string &address : result.addresses) {
      std::string out = settings.port ? sdk::join_host_port(address, *settings.port) : address;
      if (seen.insert(out).second) found.addresses.push_back(std::move(out));
    }
  }
  found.warnings = warnings_unless_all_failed(failures, "names");
  return found;
}

}  // namespace joinery::dns
