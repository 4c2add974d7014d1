// The C++ view of one call from the host: logging, cancellation, the deadline, and
// the gateway route. Wraps the joinery_host table and the opaque joinery_call.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>

#include <chrono>
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

  // Time left before the deadline; nullopt when the call has none.
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
