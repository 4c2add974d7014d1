#include "guest_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>

namespace joinery::vsphere {

std::optional<std::string> peer_address(std::string_view reported) {
  const std::string text(reported);
  std::array<char, INET6_ADDRSTRLEN> canonical{};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    const std::uint32_t host = ntohl(v4.s_addr);
    const bool loopback = (host >> 24) == 127;
    const bool link_local = (host >> 16) == 0xA9FE;  // 169.254.0.0/16
    const bool multicast = (host >> 28) == 0xE;      // 224.0.0.0/4
    if (host == 0 || loopback || link_local || multicast ||
        inet_ntop(AF_INET, &v4, canonical.data(), canonical.size()) == nullptr) {
      return std::nullopt;
    }
    return std::string(canonical.data());
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) {
    return std::nullopt;
  }
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    // Go's net.IP treats ::ffff:a.b.c.d as the IPv4 address: the same rules apply.
    char mapped[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, &v6.s6_addr[12], mapped, sizeof mapped) == nullptr) {
      return std::nullopt;
    }
    return peer_address(mapped);
  }
  if (IN6_IS_ADDR_LOOPBACK(&v6) || IN6_IS_ADDR_LINKLOCAL(&v6) || IN6_IS_ADDR_MULTICAST(&v6) ||
      IN6_IS_ADDR_UNSPECIFIED(&v6) ||
      inet_ntop(AF_INET6, &v6, canonical.data(), canonical.size()) == nullptr) {
    return std::nullopt;
  }
  return std::string(canonical.data());
}

}  // namespace joinery::vsphere
