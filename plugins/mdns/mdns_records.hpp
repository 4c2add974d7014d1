// The records of one mDNS response that DNS-SD needs, read from the packet: PTR,
// SRV, A and AAAA of the answer and additional sections (RFC 6763 section 12 puts
// SRV, TXT and addresses in the additional section of a PTR answer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mdns/mdns_query.hpp"

namespace joinery::mdns {

struct MdnsRecord {
  std::string name;  // the owner, lower case, without the trailing dot
  RecordType type = RecordType::a;
  std::uint32_t ttl = 0;   // 0: a "goodbye" (RFC 6762 section 10.1), the record is withdrawn
  std::string target;      // PTR: the instance name; SRV: the host name (lower case)
  std::uint16_t port = 0;  // SRV
  std::string address;     // A, AAAA: the address as text
};

// The PTR, SRV, A and AAAA records of `packet`, in order; other types are skipped.
// nullopt when the packet is not a DNS response without error (QR set, opcode 0,
// rcode 0) or is not well formed: a name c-ares cannot expand, a record running
// past the end, rdata of the wrong length. One bad record discards the packet.
std::optional<std::vector<MdnsRecord>> read_mdns_response(const unsigned char *packet,
                                                          std::size_t size);

// `name` in lower case (ASCII; DNS names compare case-insensitively).
std::string lower_case_name(std::string name);

}  // namespace joinery::mdns
