// The SRV query of one name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dns/ares_channel.hpp"
#include "dns/lookup_failure.hpp"
#include "dns/srv_record.hpp"

namespace joinery::dns {

struct SrvAnswer {
  std::vector<SrvRecord> records;        // as the server sent them (not ordered yet)
  std::optional<LookupFailure> failure;  // set when the query failed
};

// Queries SRV records of `name` (e.g. "_serf._tcp.example.com"). Never throws for a
// failed lookup: see `failure`.
SrvAnswer lookup_srv(AresChannel &channel, const std::string &name, const sdk::CallBounds &bounds);

}  // namespace joinery::dns
