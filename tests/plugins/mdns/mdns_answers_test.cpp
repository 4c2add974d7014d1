// Reading mDNS responses (c-ares expands the names) and gathering their records into
// instances, on packets built here byte by byte as a responder sends them.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include "mdns/mdns_query.hpp"
#include "mdns/mdns_records.hpp"
#include "mdns/service_answers.hpp"

namespace joinery::mdns {
namespace {

std::string u16(unsigned value) {
  return {static_cast<char>(value >> 8U), static_cast<char>(value & 0xffU)};
}

std::string wire_name(const std::string &dotted) {
  std::string out;
  std::size_t start = 0;
  while (start < dotted.size()) {
    const std::size_t dot = std::min(dotted.find('.', start), dotted.size());
    out += static_cast<char>(dot - start);
    out += dotted.substr(start, dot - start);
    start = dot + 1;
  }
  return out + '\0';
}

std::string address_bytes(int family, const std::string &text) {
  unsigned char bytes[16];
  inet_pton(family, text.c_str(), bytes);
  return {reinterpret_cast<const char *>(bytes), family == AF_INET6 ? 16U : 4U};
}

struct WireRecord {
  std::string name;
  RecordType type;
  std::string rdata;
  std::uint32_t ttl = 120;
};

WireRecord ptr(const std::string &service, const std::string &instance) {
  return {service, RecordType::ptr, wire_name(instance)};
}
WireRecord srv(const std::string &instance, unsigned port, const std::string &host) {
  return {instance, RecordType::srv, u16(0) + u16(0) + u16(port) + wire_name(host)};
}
WireRecord a(const std::string &host, const std::string &address) {
  return {host, RecordType::a, address_bytes(AF_INET, address)};
}
WireRecord aaaa(const std::string &host, const std::string &address) {
  return {host, RecordType::aaaa, address_bytes(AF_INET6, address)};
}

std::string record_bytes(const WireRecord &record) {
  return wire_name(record.name) + u16(static_cast<unsigned>(record.type)) +
         u16(0x8001) /* IN, cache-flush */ + u16(record.ttl >> 16U) + u16(record.ttl & 0xffffU) +
         u16(static_cast<unsigned>(record.rdata.size())) + record.rdata;
}

std::string response(const std::vector<WireRecord> &answers,
                     const std::vector<WireRecord> &additionals = {},
                     const std::vector<WireRecord> &authorities = {}, unsigned flags = 0x8400) {
  std::string packet = u16(0) + u16(flags) + u16(0) + u16(answers.size()) +
                       u16(authorities.size()) + u16(additionals.size());
  for (const auto *section : {&answers, &authorities, &additionals}) {
    for (const WireRecord &record : *section) packet += record_bytes(record);
  }
  return packet;
}

std::optional<std::vector<MdnsRecord>> read(const std::string &packet) {
  return read_mdns_response(reinterpret_cast<const unsigned char *>(packet.data()), packet.size());
}

const std::string service = "_joinery._tcp.local";

TEST(MdnsResponse, ReadsAnswersAndTheAdditionalSectionButNotAuthority) {
  const auto records =
      read(response({ptr(service, "N1." + service)},
                    {srv("n1." + service, 8301, "Host1.local"), aaaa("host1.local", "fd00::1")},
                    {a("host1.local", "192.0.2.99")}));
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 3U);
  EXPECT_EQ((*records)[0].target, "n1." + service);  // names compare in lower case
  EXPECT_EQ((*records)[1].target, "host1.local");
  EXPECT_EQ((*records)[1].port, 8301);
  EXPECT_EQ((*records)[2].address, "fd00::1");
}

TEST(MdnsResponse, RejectsWhatIsNoCleanResponse) {
  const std::string good = response({ptr(service, "n1." + service)});
  EXPECT_TRUE(read(good));
  EXPECT_FALSE(read(response({ptr(service, "n1." + service)}, {}, {}, 0x0000)));  // a query
  EXPECT_FALSE(read(response({ptr(service, "n1." + service)}, {}, {}, 0x8403)));  // NXDOMAIN
  EXPECT_FALSE(read(good.substr(0, good.size() - 3)));                            // cut short
  EXPECT_FALSE(read(response({{"h.local", RecordType::a, "\x01\x02"}})));         // A of 2 bytes
  // A name that points at itself: c-ares refuses the loop.
  EXPECT_FALSE(read(u16(0) + u16(0x8400) + u16(0) + u16(1) + u16(0) + u16(0) + "\xc0\x0c" + u16(1) +
                    u16(1) + u16(0) + u16(120) + u16(4) + "abcd"));
}

TEST(MdnsResponse, AQueryMessageAsksOneQuestionWithoutRecursion) {
  const std::vector<unsigned char> query = mdns_query(service, RecordType::ptr);
  ASSERT_GE(query.size(), 12U);
  EXPECT_EQ(query[2] & 0x81, 0);  // QR 0, RD 0
  EXPECT_EQ(query[5], 1);         // one question
}

TEST(ServiceAnswers, CompletesAnInstanceFromRecordsOfSeveralPackets) {
  ServiceAnswers answers(service);
  answers.add(*read(response({ptr(service, "n1." + service)})));
  EXPECT_TRUE(answers.addresses(true, true).addresses.empty());
  ASSERT_EQ(answers.missing(true, true).size(), 1U);
  EXPECT_EQ(answers.missing(true, true)[0].second, RecordType::srv);

  answers.add(*read(response({srv("n1." + service, 8301, "host1.local")})));
  const auto asked = answers.missing(true, true);
  ASSERT_EQ(asked.size(), 2U);
  EXPECT_EQ(asked[0], std::make_pair(std::string("host1.local"), RecordType::aaaa));
  EXPECT_EQ(asked[1], std::make_pair(std::string("host1.local"), RecordType::a));

  answers.add(*read(response({a("host1.local", "192.0.2.1")})));
  EXPECT_EQ(answers.addresses(true, true).addresses, std::vector<std::string>{"192.0.2.1:8301"});
  answers.add(*read(response({aaaa("host1.local", "fd00::1")})));
  EXPECT_EQ(answers.addresses(true, true).addresses, std::vector<std::string>{"[fd00::1]:8301"});
  EXPECT_EQ(answers.addresses(false, true).addresses, std::vector<std::string>{"192.0.2.1:8301"});
}

TEST(ServiceAnswers, SkipsLinkLocalIPv6AndOtherServicesAndHonoursGoodbyes) {
  ServiceAnswers answers(service);
  answers.add(
      *read(response({ptr(service, "n1." + service), ptr(service, "n2." + service),
                      ptr("_other._tcp.local", "x._other._tcp.local")},
                     {srv("n1." + service, 8301, "h1.local"), aaaa("h1.local", "fe80::1"),
                      a("h1.local", "192.0.2.1"), srv("n2." + service, 8302, "h2.local"),
                      a("h2.local", "192.0.2.2"), srv("x._other._tcp.local", 1, "h2.local")})));
  EXPECT_EQ(answers.addresses(true, true).addresses,
            (std::vector<std::string>{"192.0.2.1:8301", "192.0.2.2:8302"}));
  WireRecord goodbye = ptr(service, "n2." + service);
  goodbye.ttl = 0;
  answers.add(*read(response({goodbye})));
  EXPECT_EQ(answers.addresses(true, true).addresses, std::vector<std::string>{"192.0.2.1:8301"});
}

}  // namespace
}  // namespace joinery::mdns
