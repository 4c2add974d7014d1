#include "dns/srv_discovery.hpp"

#include <joinery/sdk/host_port.hpp>
#include <joinery/sdk/status.hpp>

#include <algorithm>
#include <map>
#include <unordered_set>

#include "dns/address_lookup.hpp"
#include "dns/srv_lookup.hpp"

namespace joinery::dns {
namespace {

// "serf" or "_serf" -> "_serf".
std::string label(const sdk::Config &config, std::string_view key) {
  std::string_view value = config.require(key);
  if (value.front() == '_') value.remove_prefix(1);
  if (value.empty() || value.find('.') != std::string_view::npos) {
    throw sdk::Error(sdk::Status::invalid_config, std::string(key) + ": \"" +
                                                      std::string(config.get_or(key, "")) +
                                                      "\" is not a single DNS label (e.g. serf)");
  }
  check_dns_name(key, value);
  return "_" + std::string(value);
}

}  // namespace

SrvSettings read_srv_settings(const sdk::Config &config) {
  SrvSettings settings;
  std::string domain(config.require("domain"));
  check_dns_name("domain", domain);
  if (domain.front() == '.') {
    throw sdk::Error(sdk::Status::invalid_config,
                     "domain: \"" + domain + "\" must not start with a dot");
  }
  const std::string proto = config.get("proto") && !config.get("proto")->empty()
                                ? label(config, "proto")
                                : std::string("_tcp");
  settings.name = label(config, "service") + "." + proto + "." + domain;
  settings.resolve = config.get_bool("resolve", false);
  settings.resolver = read_resolver(config);
  settings.timeout = read_timeout(config);
  return settings;
}

Discovered discover_srv(const SrvSettings &settings, const sdk::CallBounds &bounds,
                        std::mt19937_64 &random) {
  AresChannel channel(settings.resolver, settings.timeout);
  SrvAnswer answer = lookup_srv(channel, settings.name, bounds);
  if (answer.failure) {
    throw sdk::Error(answer.failure->status, answer.failure->message);
  }
  // RFC 2782: a single record with target "." means "decidedly not available here".
  std::vector<SrvRecord> records;
  for (SrvRecord &record : answer.records) {
    if (!record.target.empty()) records.push_back(std::move(record));
  }
  if (records.empty()) {
    throw sdk::Error(sdk::Status::not_found,
                     "lookup " + settings.name + channel.server_suffix() +
                         ": the service is not available there (SRV target \".\")");
  }
  records = order_srv_records(std::move(records), random);

  Discovered found;
  std::unordered_set<std::string> seen;
  const auto add = [&](std::string address) {
    if (seen.insert(address).second) found.addresses.push_back(std::move(address));
  };
  if (!settings.resolve) {
    for (const SrvRecord &record : records) add(sdk::join_host_port(record.target, record.port));
    return found;
  }

  std::vector<std::string> targets;
  for (const SrvRecord &record : records) {
    if (std::find(targets.begin(), targets.end(), record.target) == targets.end()) {
      targets.push_back(record.target);
    }
  }
  const auto results = lookup_addresses(channel, targets, AddressFamily::any, bounds);
  std::map<std::string, const NameAddresses *> by_target;
  std::vector<std::optional<LookupFailure>> failures;
  for (const NameAddresses &result : results) {
    by_target[result.name] = &result;
    failures.push_back(result.failure);
  }
  found.warnings = warnings_unless_all_failed(failures, "SRV targets");
  for (const SrvRecord &record : records) {
    for (const std::string &address : by_target.at(record.target)->addresses) {
      add(sdk::join_host_port(address, record.port));
    }
  }
  return found;
}

}  // namespace joinery::dns
