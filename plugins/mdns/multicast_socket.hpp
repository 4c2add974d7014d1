// A UDP socket on an ephemeral port that sends questions to the mDNS group of one
// address family (224.0.0.251:5353 or [ff02::fb]:5353) and receives the answers,
// which responders send back to that port by unicast (RFC 6762 section 6.7). It
// never binds port 5353, so it works beside avahi-daemon or another responder.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace joinery::mdns {

enum class Family { v4, v6 };

class MulticastQuerySocket {
 public:
  // Throws sdk::Error(unavailable) naming the family when the socket cannot be made
  // (e.g. no IPv6 in this kernel).
  explicit MulticastQuerySocket(Family family);
  ~MulticastQuerySocket();
  MulticastQuerySocket(const MulticastQuerySocket &) = delete;
  MulticastQuerySocket &operator=(const MulticastQuerySocket &) = delete;
  MulticastQuerySocket(MulticastQuerySocket &&other) noexcept;
  MulticastQuerySocket &operator=(MulticastQuerySocket &&) = delete;

  [[nodiscard]] int fd() const noexcept { return fd_; }
  // "224.0.0.251:5353" or "[ff02::fb]:5353": for messages.
  [[nodiscard]] std::string group() const;

  // Sends `message` to the group; "" on success, else why not (errno text).
  [[nodiscard]] std::string send(const std::vector<unsigned char> &message) const;

  struct Datagram {
    std::vector<unsigned char> bytes;
    bool from_mdns_port = false;  // sent from port 5353, as every mDNS answer is
  };
  // One waiting datagram (the socket never blocks); nullopt when none is waiting.
  [[nodiscard]] std::optional<Datagram> receive() const;

 private:
  Family family_;
  int fd_ = -1;
};

}  // namespace joinery::mdns
