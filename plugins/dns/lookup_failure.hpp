// Why one DNS lookup found nothing, in words an operator reads, and how a set of
// per-name outcomes becomes the provider's result: warnings when some names
// resolved, an error naming every name when none did.
#pragma once

#include <joinery/sdk/status.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dns/ares_channel.hpp"

namespace joinery::dns {

struct LookupFailure {
  sdk::Status status;   // not_found, unavailable or cancelled
  std::string message;  // "lookup nx.test on 127.0.0.1:5353: no such host"
};

// Describes c-ares status `ares_status` for a lookup of `name` (`records` names what
// was asked for in "no A records"), given why the event loop ended.
LookupFailure describe_failure(const AresChannel &channel, std::string_view name,
                               std::string_view records, int ares_status, LoopEnd end,
                               std::chrono::milliseconds timeout);

// When every entry of `failures` is set (nothing resolved), throws sdk::Error with
// all of them; otherwise returns the messages of those that are set, as warnings.
// `failures` holds one entry per name; nullopt = that name resolved. `what` names the
// names in the error ("names", "SRV targets").
std::vector<std::string> warnings_unless_all_failed(
    const std::vector<std::optional<LookupFailure>> &failures, std::string_view what);

}  // namespace joinery::dns
