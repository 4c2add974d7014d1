#include "mdns/mdns_records.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>

namespace joinery::mdns {
namespace {

constexpr std::size_t header_size = 12;
constexpr unsigned class_in = 1;
// The top bit of an answer's class is the cache-flush bit (RFC 6762 section 10.2).
constexpr unsigned class_mask = 0x7fff;

// Reads one message front to back; every read is bounds-checked and a failed one
// poisons the reader, so a truncated or hostile packet ends as nullopt.
class PacketReader {
 public:
  PacketReader(const unsigned char *packet, std::size_t size) : packet_(packet), size_(size) {}

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::size_t offset() const { return offset_; }

  unsigned u16() {
    if (!need(2)) return 0;
    const unsigned value = (packet_[offset_] << 8U) | packet_[offset_ + 1];
    offset_ += 2;
    return value;
  }
  std::uint32_t u32() {
    const std::uint32_t high = u16();
    return (high << 16U) | u16();
  }
  // A (possibly compressed) name: c-ares follows the pointers and rejects loops.
  std::string name() {
    if (!need(1)) return {};
    char *expanded = nullptr;
    long length = 0;
    if (ares_expand_name(packet_ + offset_, packet_, static_cast<int>(size_), &expanded, &length) !=
            ARES_SUCCESS ||
        length <= 0 || !need(static_cast<std::size_t>(length))) {
      ok_ = false;
      return {};
    }
    std::string out = expanded;
    ares_free_string(expanded);
    offset_ += static_cast<std::size_t>(length);
    return lower_case_name(std::move(out));
  }
  std::string address(int family, std::size_t length) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (!need(length) ||
        inet_ntop(family, packet_ + offset_, text.data(), text.size()) == nullptr) {
      ok_ = false;
      return {};
    }
    offset_ += length;
    return text.data();
  }
  void skip(std::size_t length) {
    if (need(length)) offset_ += length;
  }
  void fail() { ok_ = false; }

 private:
  bool need(std::size_t length) {
    if (!ok_ || size_ - offset_ < length) ok_ = false;
    return ok_;
  }

  const unsigned char *packet_;
  std::size_t size_;
  std::size_t offset_ = 0;
  bool ok_ = true;
};

bool is_kept(unsigned type) {
  return type == static_cast<unsigned>(RecordType::ptr) ||
         type == static_cast<unsigned>(RecordType::srv) ||
         type == static_cast<unsigned>(RecordType::a) ||
         type == static_cast<unsigned>(RecordType::aaaa);
}

// The rdata of a kept record into `record`; it must fill exactly `length` bytes.
void read_rdata(PacketReader &reader, std::size_t length, MdnsRecord &record) {
  const std::size_t end = reader.offset() + length;
  switch (record.type) {
    case RecordType::ptr:
      record.target = reader.name();
      break;
    case RecordType::srv:
      reader.skip(4);  // priority and weight: every instance is used
      record.port = static_cast<std::uint16_t>(reader.u16());
      record.target = reader.name();
      break;
    case RecordType::a:
      if (length == 4) record.address = reader.address(AF_INET, 4);
      break;
    case RecordType::aaaa:
      if (length == 16) record.address = reader.address(AF_INET6, 16);
      break;
    case RecordType::txt:
      break;
  }
  const bool no_address =
      (record.type == RecordType::a || record.type == RecordType::aaaa) && record.address.empty();
  if (no_address || reader.offset() != end) reader.fail();
}

}  // namespace

std::string lower_case_name(std::string name) {
  for (char &c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

std::optional<std::vector<MdnsRecord>> read_mdns_response(const unsigned char *packet,
                                                          std::size_t size) {
  if (size < header_size) return std::nullopt;
  PacketReader reader(packet, size);
  reader.skip(2);  // the id: 0, or the query's for a legacy unicast answer
  const unsigned flags = reader.u16();
  const bool response = (flags & 0x8000U) != 0;
  const unsigned opcode = (flags >> 11U) & 0xfU;
  const unsigned rcode = flags & 0xfU;
  if (!response || opcode != 0 || rcode != 0) return std::nullopt;
  const unsigned questions = reader.u16();
  const unsigned answers = reader.u16();
  const unsigned authorities = reader.u16();
  const unsigned additionals = reader.u16();

  for (unsigned i = 0; i < questions && reader.ok(); ++i) {
    (void)reader.name();
    reader.skip(4);  // type, class
  }
  std::vector<MdnsRecord> records;
  const unsigned total = answers + authorities + additionals;
  for (unsigned i = 0; i < total && reader.ok(); ++i) {
    MdnsRecord record;
    record.name = reader.name();
    const unsigned type = reader.u16();
    const unsigned record_class = reader.u16() & class_mask;
    record.ttl = reader.u32();
    const std::size_t length = reader.u16();
    // Authority records are a prober's proposals (RFC 6762 section 8.2), not answers.
    const bool in_authority = i >= answers && i < answers + authorities;
    if (!reader.ok()) break;
    if (!is_kept(type) || record_class != class_in || in_authority) {
      reader.skip(length);
      continue;
    }
    record.type = static_cast<RecordType>(type);
    read_rdata(reader, length, record);
    if (reader.ok()) records.push_back(std::move(record));
  }
  if (!reader.ok()) return std::nullopt;
  return records;
}

}  // namespace joinery::mdns
