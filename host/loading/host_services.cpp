// What plugins call back into: logging, errors, cancellation, the deadline and the
// gateway routes, each routed to the CallContext behind the opaque call handle.
#include "loading/host_services.hpp"

#include <string_view>
#include <utility>

#include "base/call_context.hpp"
#include "base/gateway_routes.hpp"
#include "logging/log.hpp"

namespace joinery::plugins {
namespace {

constexpr std::string_view default_subsystem = "agent.plugin";

std::string_view view(joinery_str text) {
  return text.data == nullptr ? std::string_view{} : std::string_view{text.data, text.size};
}

// The host created every joinery_call it hands out as a CallContext.
CallContext *context(const joinery_call *call) {
  return static_cast<CallContext *>(const_cast<joinery_call *>(call));
}

logging::Level level_of(joinery_log_level level) {
  switch (level) {
    case JOINERY_LOG_TRACE:
      return logging::Level::trace;
    case JOINERY_LOG_DEBUG:
      return logging::Level::debug;
    case JOINERY_LOG_INFO:
      return logging::Level::info;
    case JOINERY_LOG_WARN:
      return logging::Level::warn;
    case JOINERY_LOG_ERROR:
      return logging::Level::error;
    default:
      return logging::Level::info;  // a level from a newer ABI
  }
}

void log(const joinery_host *host, const joinery_call *call, joinery_log_level level,
         joinery_str message) {
  std::string_view subsystem = default_subsystem;
  if (call != nullptr) {
    subsystem = context(call)->options().log_subsystem;
  } else if (host != nullptr && host->host_data != nullptr) {
    subsystem = static_cast<const LibraryHost *>(host->host_data)->log_subsystem();
  }
  // logging::write masks every registered secret, plugin lines included.
  logging::write(level_of(level), subsystem, view(message));
}

void set_error(const joinery_host * /*host*/, const joinery_call *call, joinery_str message) {
  if (call != nullptr) {
    context(call)->set_error(std::string(view(message)));
  }
}

int is_cancelled(const joinery_host * /*host*/, const joinery_call *call) {
  return call != nullptr && context(call)->cancelled() ? 1 : 0;
}

int64_t remaining_ms(const joinery_host * /*host*/, const joinery_call *call) {
  return call != nullptr ? context(call)->remaining_ms() : -1;
}

int cancel_fd(const joinery_host * /*host*/, const joinery_call *call) {
  return call != nullptr ? context(call)->cancel_fd() : -1;
}

joinery_status gateway_route(const joinery_host * /*host*/, const joinery_call *call,
                             joinery_str datacenter, const joinery_address_sink *sink) {
  if (call == nullptr || sink == nullptr || context(call)->options().routes == nullptr) {
    return JOINERY_NOT_FOUND;
  }
  const std::vector<std::string> gateways =
      context(call)->options().routes->route(view(datacenter));
  if (gateways.empty()) {
    return JOINERY_NOT_FOUND;
  }
  for (const std::string &gateway : gateways) {
    if (sink->push(sink, joinery_str{gateway.data(), gateway.size()}) == JOINERY_CANCELLED) {
      break;
    }
  }
  return JOINERY_OK;
}

joinery_host make_table(void *host_data) {
  return joinery_host{sizeof(joinery_host),
                      JOINERY_ABI_MAJOR,
                      JOINERY_ABI_MINOR,
                      "joinery",
                      JOINERY_VERSION,
                      host_data,
                      &log,
                      &set_error,
                      &is_cancelled,
                      &remaining_ms,
                      &cancel_fd,
                      &gateway_route};
}

}  // namespace

const joinery_host *host_services() {
  static const joinery_host table = make_table(nullptr);
  return &table;
}

LibraryHost::LibraryHost(std::string log_subsystem)
    : log_subsystem_(std::move(log_subsystem)), table_(make_table(this)) {}

}  // namespace joinery::plugins
