// Where a provider puts the addresses it finds.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/call.hpp>
#include <joinery/sdk/status.hpp>

#include <string_view>

namespace joinery::sdk {

class AddressSink {
 public:
  explicit AddressSink(const joinery_address_sink *sink) noexcept : sink_(sink) {}

  // Hands one address to the host, which copies it. Throws Error(cancelled) when the
  // host abandons the call, which ends the provider's work through the SDK's guard.
  void push(std::string_view address) const {
    if (sink_->push(sink_, to_c(address)) == JOINERY_CANCELLED) {
      throw Error(Status::cancelled, "cancelled");
    }
  }

 private:
  const joinery_address_sink *sink_;
};

}  // namespace joinery::sdk
