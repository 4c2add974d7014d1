// The C++ view of one call from the host: logging, cancellation, the deadline, and
// the gateway route. Wraps the joinery_host table and the opaque joinery_call.
//
// Time: a plugin's blocking steps (connect, read, a child's exit) must end by the
// call's deadline and soon after cancellation. CallBounds is both as a value, so
// that code below the plugin function (an HTTP client, a resolver loop) takes it
// without the call handle and a test can make one; wait() blocks on descriptors
// until they are ready, the call is cancelled, or a time passes.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/deadline.hpp>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::sdk {

enum class LogLevel : joinery_log_level {
  trace = JOINERY_LOG_TRACE,
  debug = JOINERY_LOG_DEBUG,
  info = JOINERY_LOG_INFO,
  warn = JOINERY_LOG_WARN,
  error = JOINERY_LOG_ERROR,
};

inline joinery_str to_c(std::string_view text) noexcept {
  return {text.data(), text.size()};
}
inline std::string_view from_c(joinery_str text) noexcept {
  return text.size == 0 ? std::string_view{} : std::string_view{text.data, text.size};
}

// What ends one call early: the host's deadline and its cancellation. Copyable and
// independent of the call handle; the default (nothing set) never ends anything.
struct CallBounds {
  using Clock = std::chrono::steady_clock;

  // True once the call should stop; polled between short waits when there is no
  // cancel_fd. May be empty. (The host also reports its deadline through it.)
  std::function<bool()> cancelled;
  // Readable once the call is cancelled (shutdown); -1 = none. Borrowed: never
  // read or closed.
  int cancel_fd = -1;
  // When the call's deadline passes; nullopt = none.
  std::optional<Clock::time_point> deadline;

  // Whether the deadline passed by `now`.
  [[nodiscard]] bool expired(Clock::time_point now = Clock::now()) const noexcept {
    return deadline && now >= *deadline;
  }
  // Whether `cancelled` says stop (false when it is empty).
  [[nodiscard]] bool stop_requested() const { return cancelled && cancelled(); }
  // The earlier of `until` and the deadline.
  [[nodiscard]] Clock::time_point end_before(Clock::time_point until) const noexcept {
    return deadline && *deadline < until ? *deadline : until;
  }
};

// How a wait() ended.
enum class WaitEnd {
  ready,      // a descriptor has revents (the events asked for, an error or a hang-up)
  cancelled,  // the call was cancelled (cancel_fd readable, or `cancelled` said so)
  timed_out,  // the deadline or `until` passed: bounds.expired() tells which
  failed,     // poll() itself failed; errno says why
};

namespace detail {
// Without a cancel_fd, cancellation is noticed by polling at this pace.
inline constexpr std::chrono::milliseconds cancel_poll_slice{50};
}  // namespace detail

// Waits until one of `fds` has revents, the call is cancelled, or the earlier of its
// deadline and `until` passes; fills in the revents. The deadline is looked at first
// (the host's `cancelled` is true after it too), so that a deadline reads as
// timed_out. Before `until` ends a wait, the descriptors are polled at least once.
inline WaitEnd wait(pollfd *fds, std::size_t count, const CallBounds &bounds,
                    CallBounds::Clock::time_point until = CallBounds::Clock::time_point::max()) {
  using Clock = CallBounds::Clock;
  std::vector<pollfd> polled(fds, fds + count);
  if (bounds.cancel_fd >= 0) polled.push_back({bounds.cancel_fd, POLLIN, 0});
  const Clock::time_point end = bounds.end_before(until);
  for (;;) {
    const Clock::time_point now = Clock::now();
    if (bounds.expired(now)) return WaitEnd::timed_out;
    if (bounds.stop_requested()) return WaitEnd::cancelled;
    // Whole milliseconds rounded up, so that a wake-up is never before `end`.
    auto slice =
        std::chrono::ceil<std::chrono::milliseconds>(std::max(end - now, Clock::duration{}));
    slice = std::min(slice, std::chrono::milliseconds(24 * 3600 * 1000));
    if (bounds.cancel_fd < 0 && bounds.cancelled)
      slice = std::min(slice, detail::cancel_poll_slice);
    for (pollfd &entry : polled) entry.revents = 0;
    const int rc = ::poll(polled.data(), polled.size(), static_cast<int>(slice.count()));
    if (rc < 0 && errno != EINTR) return WaitEnd::failed;
    if (bounds.cancel_fd >= 0 && (polled.back().revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      return WaitEnd::cancelled;
    }
    if (rc > 0) {
      bool any = false;
      for (std::size_t i = 0; i < count; ++i) {
        fds[i].revents = polled[i].revents;
        any = any || fds[i].revents != 0;
      }
      if (any) return WaitEnd::ready;
    }
    if (Clock::now() >= end) return WaitEnd::timed_out;
  }
}

// The same for one descriptor and `events` (POLLIN, POLLOUT). A negative `fd` waits
// for cancellation or the time alone (a cancellable sleep).
inline WaitEnd wait(int fd, short events, const CallBounds &bounds,
                    CallBounds::Clock::time_point until = CallBounds::Clock::time_point::max()) {
  pollfd entry{fd, events, 0};
  return wait(&entry, 1, bounds, until);
}

// Valid only during the plugin function it was handed to; cheap to copy.
class Call {
 public:
  Call(const joinery_host *host, const joinery_call *call) noexcept : host_(host), call_(call) {}

  void log(LogLevel level, std::string_view message) const noexcept {
    host_->log(host_, call_, static_cast<joinery_log_level>(level), to_c(message));
  }
  void debug(std::string_view message) const noexcept { log(LogLevel::debug, message); }
  void info(std::string_view message) const noexcept { log(LogLevel::info, message); }
  void warn(std::string_view message) const noexcept { log(LogLevel::warn, message); }

  // True once shutdown began or the deadline passed.
  [[nodiscard]] bool cancelled() const noexcept { return host_->is_cancelled(host_, call_) != 0; }

  // Time left before the deadline, in whole milliseconds rounded up (plugin.h,
  // remaining_ms); nullopt when the call has none.
  [[nodiscard]] std::optional<std::chrono::milliseconds> remaining() const noexcept {
    const std::int64_t ms = host_->remaining_ms(host_, call_);
    if (ms < 0) {
      return std::nullopt;
    }
    return std::chrono::milliseconds{ms};
  }

  // The smaller of `limit` and the time left: what to give a blocking wait.
  [[nodiscard]] std::chrono::milliseconds bound(std::chrono::milliseconds limit) const noexcept {
    const auto left = remaining();
    return left && *left < limit ? *left : limit;
  }

  // Readable once the call is cancelled; add it to poll(). -1 if unavailable.
  [[nodiscard]] int cancel_fd() const noexcept { return host_->cancel_fd(host_, call_); }

  // The call's deadline on this process's steady clock; nullopt when it has none.
  // remaining_ms is rounded up to whole milliseconds, so a millisecond is taken off:
  // this deadline never falls after the host's own.
  [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> deadline() const noexcept {
    const auto left = remaining();
    if (!left) return std::nullopt;
    return deadline_after(std::chrono::steady_clock::now(), *left - std::chrono::milliseconds(1));
  }

  // The deadline and cancellation as a value for code that does not hold the call;
  // valid while the call is (it asks the host about cancellation).
  [[nodiscard]] CallBounds bounds() const {
    const Call self = *this;
    return {[self] { return self.cancelled(); }, cancel_fd(), deadline()};
  }

  // Waits on `fd` for `events` (see sdk::wait), bounded by this call and `until`.
  [[nodiscard]] WaitEnd wait(int fd, short events,
                             std::chrono::steady_clock::time_point until =
                                 std::chrono::steady_clock::time_point::max()) const {
    return sdk::wait(fd, events, bounds(), until);
  }

  // The mesh gateways currently known for `datacenter`, sorted; empty when none.
  [[nodiscard]] std::vector<std::string> gateway_route(std::string_view datacenter) const {
    std::vector<std::string> out;
    const joinery_address_sink sink{
        &out, [](const joinery_address_sink *self, joinery_str address) {
          static_cast<std::vector<std::string> *>(self->host_data)->emplace_back(from_c(address));
          return joinery_status{JOINERY_OK};
        }};
    host_->gateway_route(host_, call_, to_c(datacenter), &sink);
    return out;
  }

  [[nodiscard]] const joinery_host *host() const noexcept { return host_; }
  [[nodiscard]] const joinery_call *handle() const noexcept { return call_; }

 private:
  const joinery_host *host_;
  const joinery_call *call_;
};

}  // namespace joinery::sdk
