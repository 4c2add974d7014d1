// One c-ares channel for one provider call, and the event loop that drives its
// queries: poll() on c-ares' sockets and the host's cancel_fd, bounded by the
// provider's timeout (which starts when the channel is made) and the host's deadline. Channels are
// never shared between calls, so calls on different threads never touch the same c-ares state.
#pragma once

#include <ares.h>
#include <joinery/sdk/call.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "dns/name_server.hpp"

namespace joinery::dns {

// Why the event loop returned.
enum class LoopEnd {
  completed,  // every query finished
  timed_out,  // the `timeout` ran out; pending queries were cancelled
  cancelled,  // the host cancelled the call or its deadline passed; pending queries were cancelled
};

class AresChannel {
 public:
  // Asks `server`, or the servers of /etc/resolv.conf when nullopt. With an explicit
  // server the lookup is pure DNS: /etc/hosts and the search list are not used, so
  // names are taken as fully qualified. `timeout` sizes c-ares' own retries so that
  // they fit in it, and bounds every run() from now on. Throws sdk::Error(internal) when c-ares
  // cannot start.
  AresChannel(const std::optional<NameServer> &server, std::chrono::milliseconds timeout);
  ~AresChannel();
  AresChannel(const AresChannel &) = delete;
  AresChannel &operator=(const AresChannel &) = delete;

  [[nodiscard]] ares_channel get() const noexcept { return channel_; }

  // " on 127.0.0.1:5353" for an explicit server, "" for the system's: for messages.
  [[nodiscard]] const std::string &server_suffix() const noexcept { return server_suffix_; }

  // The `timeout` key, as configured (for messages).
  [[nodiscard]] std::chrono::milliseconds timeout() const noexcept { return timeout_; }

  // Processes c-ares events until `done()` is true, the timeout runs out or `bounds`
  // (the host's deadline and cancellation) end the call. When it does not complete
  // first, every pending query is cancelled (its callback runs with ARES_ECANCELLED)
  // before this returns, so nothing is pending afterwards either way.
  LoopEnd run(const sdk::CallBounds &bounds, const std::function<bool()> &done);

 private:
  ares_channel channel_ = nullptr;
  std::string server_suffix_;
  std::chrono::milliseconds timeout_;
  std::chrono::steady_clock::time_point timeout_at_;  // when `timeout` runs out
};

}  // namespace joinery::dns
