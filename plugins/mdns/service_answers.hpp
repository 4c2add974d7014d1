// What the answers to one DNS-SD query said so far, gathered across every packet:
// an instance whose SRV or address records come in later packets is completed when
// they come, and the addresses are taken only when listening ends, so no instance is
// returned half-known or lost to the order in which packets arrive.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mdns/mdns_records.hpp"

namespace joinery::mdns {

struct FoundInstances {
  std::vector<std::string> addresses;  // ip:port, IPv6 bracketed, sorted, no duplicates
  std::vector<std::string> notes;      // "instance -> address", and why some gave none
};

class ServiceAnswers {
 public:
  // `service_name`: the PTR owner asked for, e.g. "_consul._tcp.local".
  explicit ServiceAnswers(const std::string &service_name);

  // Takes in the records of one packet. Records about other names are kept too (an
  // SRV or address may come before the PTR that makes it relevant); a record with
  // TTL 0 withdraws what it names.
  void add(const std::vector<MdnsRecord> &records);

  // The questions whose answers would complete a known instance: SRV of each instance
  // without one, A (when `v4`) and AAAA (when `v6`) of each host without such addresses.
  [[nodiscard]] std::vector<std::pair<std::string, RecordType>> missing(bool v6, bool v4) const;

  // One address per instance, as go-discover: its host's IPv6 address when `v6` (never
  // link-local: it is useless without its interface), else its IPv4 address when `v4`.
  [[nodiscard]] FoundInstances addresses(bool v6, bool v4) const;

 private:
  struct Service {
    std::string host;
    std::uint16_t port = 0;
  };

  std::string service_name_;
  std::vector<std::string> instances_;       // PTR targets of service_name_, first seen first
  std::map<std::string, Service> services_;  // instance -> its SRV
  std::map<std::string, std::vector<std::string>> v4_, v6_;  // host -> addresses, in order
};

}  // namespace joinery::mdns
