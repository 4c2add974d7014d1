// Status codes and the exception a C++ plugin throws to fail a call.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>

#include <stdexcept>
#include <string>

namespace joinery::sdk {

// The C status codes as a scoped enum.
enum class Status : joinery_status {
  ok = JOINERY_OK,
  not_found = JOINERY_NOT_FOUND,
  unavailable = JOINERY_UNAVAILABLE,
  invalid_config = JOINERY_INVALID_CONFIG,
  cancelled = JOINERY_CANCELLED,
  internal = JOINERY_INTERNAL,
};

// Throw this from a provider or backend to fail the call with a status and a message
// the operator will read. Any other exception becomes Status::internal; nothing ever
// crosses the C boundary.
class Error : public std::runtime_error {
 public:
  Error(Status status, const std::string &message) : std::runtime_error(message), status_(status) {}
  [[nodiscard]] Status status() const noexcept { return status_; }

 private:
  Status status_;
};

}  // namespace joinery::sdk
