// mDNS answers as a broken or hostile responder sends them, through the mdns
// provider's reading (c-ares expands the names; the header, sections, rdata lengths
// and addresses are ours) and its gathering of instances across packets (aliases,
// goodbyes, follow-up questions, the address chosen per instance).
//
// Input: byte 0 flags (bit 0: v6, bit 1: v4; neither means both), then packets, each
// a big-endian 2-byte length and that many bytes (the last one may be cut short), fed
// one after the other as answers to one _joinery._tcp.local query.
#include <cstdint>
#include <cstdlib>

#include "mdns/mdns_records.hpp"
#include "mdns/service_answers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size < 1) return 0;
  bool v6 = (data[0] & 1) != 0;
  bool v4 = (data[0] & 2) != 0;
  if (!v6 && !v4) v6 = v4 = true;
  joinery::mdns::ServiceAnswers answers("_joinery._tcp.local");
  std::size_t at = 1;
  while (at + 2 <= size) {
    const std::size_t length =
        std::min<std::size_t>((data[at] << 8U) | data[at + 1], size - at - 2);
    at += 2;
    if (const auto records = joinery::mdns::read_mdns_response(data + at, length)) {
      answers.add(*records);
    }
    at += length;
    (void)answers.missing(v6, v4);
  }
  const auto found = answers.addresses(v6, v4);
  for (const std::string &address : found.addresses) {
    if (address.empty()) std::abort();  // every address is ip:port
  }
  return 0;
}
