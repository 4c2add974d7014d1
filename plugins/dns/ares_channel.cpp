#include "dns/ares_channel.hpp"

#include <arpa/inet.h>
#include <poll.h>

#include <joinery/sdk/status.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

namespace joinery::dns {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

[[noreturn]] void fail(const std::string &what, int status) {
  throw sdk::Error(sdk::Status::internal, what + ": " + ares_strerror(status));
}

}  // namespace

AresChannel::AresChannel(const std::optional<NameServer> &server, milliseconds timeout) {
  ares_options options{};
  int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
  // c-ares waits timeout, then 2 * timeout: three slices fit the whole budget.
  options.timeout = static_cast<int>(std::max<long long>(timeout.count() / 3, 1));
  options.tries = 2;
  char lookups[] = "b";  // DNS only: an explicit server means "ask that server"
  if (server) {
    mask |= ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS;
    options.domains = nullptr;
    options.ndomains = 0;
    options.lookups = lookups;
  }
  if (const int status = ares_init_options(&channel_, &options, mask); status != ARES_SUCCESS) {
    fail("cannot start the DNS resolver", status);
  }
  if (server) {
    ares_addr_port_node node{};
    if (server->ip.find(':') != std::string::npos) {
      node.family = AF_INET6;
      inet_pton(AF_INET6, server->ip.c_str(), &node.addr.addr6);
    } else {
      node.family = AF_INET;
      inet_pton(AF_INET, server->ip.c_str(), &node.addr.addr4);
    }
    node.udp_port = server->port;
    node.tcp_port = server->port;
    if (const int status = ares_set_servers_ports(channel_, &node); status != ARES_SUCCESS) {
      ares_destroy(channel_);
      fail("cannot use DNS server " + server->to_string(), status);
    }
    server_suffix_ = " on " + server->to_string();
  }
}

AresChannel::~AresChannel() {
  ares_destroy(channel_);
}

LoopEnd AresChannel::run(const QueryLimits &limits, const std::function<bool()> &done) {
  const auto cancel_all = [&](LoopEnd why) {
    ares_cancel(channel_);
    return why;
  };
  while (!done()) {
    if (limits.cancelled && limits.cancelled()) {
      return cancel_all(LoopEnd::cancelled);
    }
    const Clock::time_point now = Clock::now();
    if (limits.deadline && now >= *limits.deadline) {
      return cancel_all(LoopEnd::cancelled);
    }
    if (now >= limits.timeout_at) {
      return cancel_all(LoopEnd::timed_out);
    }

    std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> sockets{};
    const int bits = ares_getsock(channel_, sockets.data(), ARES_GETSOCK_MAXNUM);
    std::vector<pollfd> fds;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
      if (events != 0) fds.push_back({sockets[static_cast<std::size_t>(i)], events, 0});
    }
    const std::size_t ares_count = fds.size();
    if (limits.cancel_fd >= 0) {
      fds.push_back({limits.cancel_fd, POLLIN, 0});
    }

    int wait_ms = limits.poll_timeout_ms(limits.end());
    timeval ares_wait{};
    if (const timeval *next = ares_timeout(channel_, nullptr, &ares_wait); next != nullptr) {
      const long long ares_ms = next->tv_sec * 1000LL + (next->tv_usec + 999) / 1000;
      wait_ms = static_cast<int>(std::min<long long>(wait_ms, ares_ms));
    }

    const int ready = ::poll(fds.data(), fds.size(), wait_ms);
    if (ready < 0 && errno != EINTR) {
      cancel_all(LoopEnd::cancelled);
      throw sdk::Error(sdk::Status::internal,
                       std::string("poll on DNS sockets failed: ") + std::strerror(errno));
    }
    if (limits.cancel_fd >= 0 && ready > 0 && fds.back().revents != 0) {
      return cancel_all(LoopEnd::cancelled);
    }
    bool any = false;
    for (std::size_t i = 0; i < ares_count && ready > 0; ++i) {
      const short revents = fds[i].revents;
      if (revents == 0) continue;
      any = true;
      const bool readable = (revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      const bool writable = (revents & (POLLOUT | POLLERR | POLLHUP)) != 0;
      ares_process_fd(channel_, readable ? fds[i].fd : ARES_SOCKET_BAD,
                      writable ? fds[i].fd : ARES_SOCKET_BAD);
    }
    if (!any) {
      // Nothing to read: let c-ares handle its own timeouts (retries, next server).
      ares_process_fd(channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    }
  }
  return LoopEnd::completed;
}

}  // namespace joinery::dns
