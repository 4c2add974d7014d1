// One mDNS question as it goes on the wire (RFC 6762 section 18).
#pragma once

#include <string>
#include <vector>

namespace joinery::mdns {

enum class RecordType : int { a = 1, ptr = 12, txt = 16, aaaa = 28, srv = 33 };

// A query message asking `type` records of `name`: id 0, no recursion desired, class
// IN, built by c-ares. Sent from an ephemeral port it is a "legacy unicast" query
// (RFC 6762 section 6.7): responders answer to that port, by unicast. Throws
// sdk::Error(invalid_config) when c-ares rejects the name.
std::vector<unsigned char> mdns_query(const std::string &name, RecordType type);

}  // namespace joinery::mdns
