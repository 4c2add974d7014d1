#include "dns/address_lookup.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <memory>

namespace joinery::dns {
namespace {

struct PendingLookup {
  NameAddresses *result = nullptr;
  int status = ARES_ECANCELLED;
  bool finished = false;
  std::size_t *unfinished = nullptr;
};

std::string address_text(const ares_addrinfo_node &node) {
  char text[INET6_ADDRSTRLEN] = {};
  if (node.ai_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(node.ai_addr)->sin_addr, text,
              sizeof text);
  } else if (node.ai_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(node.ai_addr)->sin6_addr, text,
              sizeof text);
  }
  return text;
}

void on_addrinfo(void *arg, int status, int /*timeouts*/, ares_addrinfo *info) {
  auto &pending = *static_cast<PendingLookup *>(arg);
  pending.status = status;
  if (status == ARES_SUCCESS && info != nullptr) {
    std::vector<std::string> v4, v6;
    for (const ares_addrinfo_node *node = info->nodes; node != nullptr; node = node->ai_next) {
      std::string text = address_text(*node);
      auto &list = node->ai_family == AF_INET ? v4 : v6;
      if (!text.empty() && std::find(list.begin(), list.end(), text) == list.end()) {
        list.push_back(std::move(text));
      }
    }
    auto &out = pending.result->addresses;
    out = std::move(v4);
    out.insert(out.end(), v6.begin(), v6.end());
    if (out.empty()) pending.status = ARES_ENODATA;
  }
  if (info != nullptr) ares_freeaddrinfo(info);
  if (!pending.finished) {
    pending.finished = true;
    --*pending.unfinished;
  }
}

std::string_view records_asked(AddressFamily family) {
  switch (family) {
    case AddressFamily::ipv4:
      return "A";
    case AddressFamily::ipv6:
      return "AAAA";
    case AddressFamily::any:
      break;
  }
  return "A or AAAA";
}

}  // namespace

std::vector<NameAddresses> lookup_addresses(AresChannel &channel,
                                            const std::vector<std::string> &names,
                                            AddressFamily family, const sdk::CallBounds &bounds) {
  std::vector<NameAddresses> results(names.size());
  std::vector<PendingLookup> pending(names.size());
  std::size_t unfinished = names.size();

  ares_addrinfo_hints hints{};
  hints.ai_family = family == AddressFamily::ipv4   ? AF_INET
                    : family == AddressFamily::ipv6 ? AF_INET6
                                                    : AF_UNSPEC;
  // Keep the server's order; the join backend tries addresses in the order given.
  hints.ai_flags = ARES_AI_NOSORT;
  for (std::size_t i = 0; i < names.size(); ++i) {
    results[i].name = names[i];
    pending[i].result = &results[i];
    pending[i].unfinished = &unfinished;
    ares_getaddrinfo(channel.get(), names[i].c_str(), nullptr, &hints, &on_addrinfo, &pending[i]);
  }
  const LoopEnd end = channel.run(bounds, [&] { return unfinished == 0; });
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (pending[i].status != ARES_SUCCESS) {
      results[i].addresses.clear();
      results[i].failure = describe_failure(channel, names[i], records_asked(family),
                                            pending[i].status, end, channel.timeout());
    }
  }
  return results;
}

}  // namespace joinery::dns
