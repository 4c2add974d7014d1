// SRV records and their RFC 2782 order: by priority, then a weighted random order
// within each priority.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace joinery::dns {

struct SrvRecord {
  std::string target;  // without the trailing dot
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
};

// Orders `records` as RFC 2782 says a client should try them: lowest priority first;
// within a priority, repeatedly pick one at random with probability proportional to
// its weight (weight 0 records keep a small chance, being placed first before each pick).
std::vector<SrvRecord> order_srv_records(std::vector<SrvRecord> records, std::mt19937_64 &random);

}  // namespace joinery::dns
