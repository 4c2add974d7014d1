// What the mdns provider does for one attempt: ask for the service's instances over
// multicast DNS and listen for answers until the timeout, the call's deadline or its
// cancellation, whichever comes first.
#pragma once

#include <joinery/sdk/call.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "mdns/mdns_settings.hpp"
#include "mdns/service_answers.hpp"

namespace joinery::mdns {

enum class ListenEnd {
  timed_out,  // the `timeout` ran out
  deadline,   // the call's deadline came first and cut the listening short
  cancelled,  // the host cancelled the call (shutdown)
};

struct Listening {
  FoundInstances found;  // what the answers gave, taken when listening ended
  ListenEnd end = ListenEnd::timed_out;
  std::chrono::milliseconds listened{0};  // how long it really listened
  std::size_t ignored = 0;                // datagrams that were not readable mDNS answers
  std::vector<std::string> problems;      // a family that could not be used, and why
};

// Sends the PTR question for settings.service_name() over each family asked for,
// follows up with SRV, A and AAAA questions for instances still incomplete, and
// repeats the PTR question after 1 s, 2 s, 4 s... (RFC 6762 section 5.2) for answers
// lost on the way, for settings.timeout from now. Listening ends a moment before the
// call's deadline (in `bounds`), so that the addresses can still be handed over.
// Throws sdk::Error(unavailable) when no family can send at all.
Listening discover_mdns(const MdnsSettings &settings, const sdk::CallBounds &bounds);

}  // namespace joinery::mdns
