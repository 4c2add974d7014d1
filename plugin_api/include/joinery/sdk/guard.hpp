// The exception boundary: every SDK function that the host calls runs its C++ body
// through guard(), so that no exception ever reaches the host.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/call.hpp>
#include <joinery/sdk/status.hpp>

#include <exception>
#include <string>

namespace joinery::sdk {

namespace detail {
// The host table handed to this library's init; each plugin library has its own
// copy of this variable (plugins are built with hidden visibility).
inline const joinery_host *g_host = nullptr;
}  // namespace detail

// The host table of this library, valid between init and deinit.
inline const joinery_host *host() noexcept {
  return detail::g_host;
}

// Runs `body` and turns whatever it throws into a status plus a message for the host.
template <class Body>
joinery_status guard(const joinery_call *call, Body &&body) noexcept {
  const joinery_host *h = detail::g_host;
  auto fail = [&](Status status, const char *message) noexcept {
    if (h != nullptr) {
      const std::string_view text = message;
      h->set_error(h, call, joinery_str{text.data(), text.size()});
    }
    return static_cast<joinery_status>(status);
  };
  try {
    body();
    return JOINERY_OK;
  } catch (const Error &error) {
    return fail(error.status(), error.what());
  } catch (const std::exception &error) {
    return fail(Status::internal, error.what());
  } catch (...) {
    return fail(Status::internal, "unknown exception thrown inside the plugin");
  }
}

}  // namespace joinery::sdk
