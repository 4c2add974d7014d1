#include "base/plugin_result.hpp"

namespace joinery::plugins {

PluginResult make_result(joinery_status status, std::string message, std::string_view function) {
  PluginResult result;
  result.status = status;
  if (status == JOINERY_OK) {
    return result;
  }
  result.message = message.empty() ? std::string(function) + " failed (" + status_name(status) +
                                         ") without saying why"
                                   : std::move(message);
  return result;
}

std::string status_name(joinery_status status) {
  switch (status) {
    case JOINERY_OK:
      return "ok";
    case JOINERY_NOT_FOUND:
      return "not found";
    case JOINERY_UNAVAILABLE:
      return "unavailable";
    case JOINERY_INVALID_CONFIG:
      return "invalid config";
    case JOINERY_CANCELLED:
      return "cancelled";
    case JOINERY_INTERNAL:
      return "internal";
    default:
      return "status " + std::to_string(status);
  }
}

}  // namespace joinery::plugins
