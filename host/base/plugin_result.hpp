// The outcome of one call into a plugin, in host terms.
#pragma once

#include <joinery/plugin.h>

#include <string>
#include <string_view>

namespace joinery::plugins {

struct PluginResult {
  joinery_status status = JOINERY_OK;
  std::string message;  // from set_error, or a host-made one; empty on success

  [[nodiscard]] bool ok() const noexcept { return status == JOINERY_OK; }
};

// The result of a plugin function that returned `status` after setting `message`
// (may be empty) through set_error. A failure without a message gets one naming
// `function` (e.g. "provider 'dns': discover"), so the operator never reads an empty error.
PluginResult make_result(joinery_status status, std::string message, std::string_view function);

// "ok", "not found", "unavailable", "invalid config", "cancelled", "internal", or
// "status N" for a code this host does not know.
std::string status_name(joinery_status status);

}  // namespace joinery::plugins
