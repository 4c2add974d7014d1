// DNS answers as a broken or hostile name server sends them, through the dns and srv
// providers' lookups (c-ares parses the packet; what we do with its records -- SRV
// targets, RFC 2782 ordering, address text, de-duplication, ports -- is ours). A
// loopback UDP server answers every query with the input's records under a header
// and question that match the query, so c-ares takes the answer instead of waiting.
//
// Input: byte 0 flags (bit 0: srv instead of dns, bit 1: srv resolve=true, bit 2: a
// dns port), byte 1 the answer's flags (rcode in bits 0-3, AA in bit 4), bytes 2-7
// the answer, authority and additional counts (big-endian), then the records.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include <joinery/sdk/status.hpp>

#include "dns/dns_discovery.hpp"
#include "dns/srv_discovery.hpp"
#include "loopback_socket.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t header_size = 12;
// A plain UDP answer stays within 512 bytes; c-ares reads no more than that.
constexpr std::size_t max_records = 400;

class ScriptedNameServer {
 public:
  ScriptedNameServer() : socket_(fuzz::bind_loopback(SOCK_DGRAM, port_)) {
    std::thread([this] { serve(); }).detach();
  }

  // The header bytes 2-11 after the id (flags, counts) and the records after the question.
  void say(std::string header_tail, std::string records) {
    std::lock_guard lock(mutex_);
    header_tail_ = std::move(header_tail);
    records_ = std::move(records);
  }

  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  void serve() {
    unsigned char query[1500];
    for (;;) {
      sockaddr_storage from{};
      socklen_t from_length = sizeof from;
      const ssize_t got = ::recvfrom(socket_, query, sizeof query, 0,
                                     reinterpret_cast<sockaddr *>(&from), &from_length);
      if (got < static_cast<ssize_t>(header_size)) continue;
      // The question: labels up to the root label, then type and class.
      std::size_t end = header_size;
      while (end < static_cast<std::size_t>(got) && query[end] != 0) end += query[end] + 1;
      end += 1 + 4;
      if (end > static_cast<std::size_t>(got)) continue;
      std::string answer(reinterpret_cast<const char *>(query), 2);  // the query's id
      {
        std::lock_guard lock(mutex_);
        answer += header_tail_;
        answer.append(reinterpret_cast<const char *>(query) + header_size, end - header_size);
        answer += records_;
      }
      ::sendto(socket_, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr *>(&from),
               from_length);
    }
  }

  std::uint16_t port_ = 0;
  int socket_ = -1;
  std::mutex mutex_;
  std::string header_tail_, records_;
};

ScriptedNameServer &server() {
  static ScriptedNameServer *server = new ScriptedNameServer();  // serves until the end
  return *server;
}

}  // namespace
}  // namespace joinery

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace std::chrono_literals;
  if (size < 8) return 0;
  const std::uint8_t flags = data[0];
  const std::uint8_t answer_flags = data[1];
  // QR, opcode 0, RD and RA, never TC (that would move c-ares to TCP): a reply to the query.
  std::string header_tail;
  header_tail += static_cast<char>(0x81 | ((answer_flags & 0x10) ? 0x04 : 0));
  header_tail += static_cast<char>(0x80 | (answer_flags & 0x0f));
  header_tail += std::string("\x00\x01", 2);  // one question: the query's
  header_tail.append(reinterpret_cast<const char *>(data + 2), 6);
  const std::size_t records = std::min(size - 8, joinery::max_records);
  joinery::server().say(header_tail,
                        std::string(reinterpret_cast<const char *>(data + 8), records));

  const joinery::dns::NameServer resolver{"127.0.0.1", joinery::server().port()};
  const joinery::sdk::CallBounds bounds;  // no host deadline: settings.timeout bounds it
  try {
    if (flags & 1) {
      joinery::dns::SrvSettings settings;
      settings.name = "_serf._tcp.fuzz.test";
      settings.resolve = (flags & 2) != 0;
      settings.resolver = resolver;
      settings.timeout = 2s;
      std::mt19937_64 random(7);
      (void)joinery::dns::discover_srv(settings, bounds, random);
    } else {
      joinery::dns::DnsSettings settings;
      settings.names = {"a.fuzz.test"};
      if (flags & 4) settings.port = 8301;
      settings.resolver = resolver;
      settings.timeout = 2s;
      (void)joinery::dns::discover_dns(settings, bounds);
    }
  } catch (const joinery::sdk::Error &) {
    // Nothing usable in the answer: the provider says so.
  }
  return 0;
}
