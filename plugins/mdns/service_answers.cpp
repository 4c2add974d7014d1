#include "mdns/service_answers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <joinery/sdk/host_port.hpp>

#include <algorithm>

namespace joinery::mdns {
namespace {

void keep(std::vector<std::string> &list, const std::string &item, bool present) {
  const auto at = std::find(list.begin(), list.end(), item);
  if (present && at == list.end()) list.push_back(item);
  if (!present && at != list.end()) list.erase(at);
}

// fe80::/10
bool is_link_local_v6(const std::string &address) {
  in6_addr bytes{};
  return inet_pton(AF_INET6, address.c_str(), &bytes) == 1 && bytes.s6_addr[0] == 0xfe &&
         (bytes.s6_addr[1] & 0xc0) == 0x80;
}

const std::string *first_usable(const std::map<std::string, std::vector<std::string>> &table,
                                const std::string &host, bool skip_link_local) {
  const auto found = table.find(host);
  if (found == table.end()) return nullptr;
  for (const std::string &address : found->second) {
    if (!skip_link_local || !is_link_local_v6(address)) return &address;
  }
  return nullptr;
}

}  // namespace

ServiceAnswers::ServiceAnswers(const std::string &service_name)
    : service_name_(lower_case_name(service_name)) {}

void ServiceAnswers::add(const std::vector<MdnsRecord> &records) {
  for (const MdnsRecord &record : records) {
    const bool present = record.ttl != 0;
    switch (record.type) {
      case RecordType::ptr:
        if (record.name == service_name_) keep(instances_, record.target, present);
        break;
      case RecordType::srv:
        if (present) {
          services_[record.name] = {record.target, record.port};
        } else {
          services_.erase(record.name);
        }
        break;
      case RecordType::a:
        keep(v4_[record.name], record.address, present);
        break;
      case RecordType::aaaa:
        keep(v6_[record.name], record.address, present);
        break;
      case RecordType::txt:
        break;
    }
  }
}

std::vector<std::pair<std::string, RecordType>> ServiceAnswers::missing(bool v6, bool v4) const {
  std::vector<std::pair<std::string, RecordType>> questions;
  for (const std::string &instance : instances_) {
    const auto service = services_.find(instance);
    if (service == services_.end()) {
      questions.emplace_back(instance, RecordType::srv);
      continue;
    }
    const std::string &host = service->second.host;
    if (v6 && first_usable(v6_, host, true) == nullptr) {
      questions.emplace_back(host, RecordType::aaaa);
    }
    if (v4 && first_usable(v4_, host, false) == nullptr) {
      questions.emplace_back(host, RecordType::a);
    }
  }
  return questions;
}

FoundInstances ServiceAnswers::addresses(bool v6, bool v4) const {
  FoundInstances found;
  for (const std::string &instance : instances_) {
    const auto service = services_.find(instance);
    if (service == services_.end()) {
      found.notes.push_back(instance + ": no SRV record came (no host and port)");
      continue;
    }
    const auto &[host, port] = service->second;
    const std::string *address = v6 ? first_usable(v6_, host, true) : nullptr;
    if (address == nullptr && v4) address = first_usable(v4_, host, false);
    if (address == nullptr) {
      found.notes.push_back(instance + ": no " +
                            (v6 && v4 ? "IPv6 or IPv4"
                             : v6     ? "IPv6"
                                      : "IPv4") +
                            " address of its host " + host + " came");
      continue;
    }
    std::string joined = sdk::join_host_port(*address, port);
    found.notes.push_back(instance + " -> " + joined);
    found.addresses.push_back(std::move(joined));
  }
  std::sort(found.addresses.begin(), found.addresses.end());
  found.addresses.erase(std::unique(found.addresses.begin(), found.addresses.end()),
                        found.addresses.end());
  return found;
}

}  // namespace joinery::mdns
