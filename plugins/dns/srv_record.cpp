#include "dns/srv_record.hpp"

#include <algorithm>

namespace joinery::dns {
namespace {

// RFC 2782's selection within one priority: zero weights first, then a running sum;
// pick the first record whose running sum reaches a uniform number in [0, total].
void order_by_weight(std::vector<SrvRecord>::iterator first, std::vector<SrvRecord>::iterator last,
                     std::mt19937_64 &random) {
  for (; first != last; ++first) {
    std::stable_partition(first, last, [](const SrvRecord &r) { return r.weight == 0; });
    std::uint64_t total = 0;
    for (auto it = first; it != last; ++it) total += it->weight;
    const std::uint64_t pick = std::uniform_int_distribution<std::uint64_t>(0, total)(random);
    std::uint64_t running = 0;
    auto chosen = first;
    for (auto it = first; it != last; ++it) {
      running += it->weight;
      if (running >= pick) {
        chosen = it;
        break;
      }
    }
    std::rotate(first, chosen, chosen + 1);
  }
}

}  // namespace

std::vector<SrvRecord> order_srv_records(std::vector<SrvRecord> records, std::mt19937_64 &random) {
  std::stable_sort(records.begin(), records.end(),
                   [](const SrvRecord &a, const SrvRecord &b) { return a.priority < b.priority; });
  auto group = records.begin();
  while (group != records.end()) {
    const auto group_end = std::find_if(
        group, records.end(), [&](const SrvRecord &r) { return r.priority != group->priority; });
    order_by_weight(group, group_end, random);
    group = group_end;
  }
  return records;
}

}  // namespace joinery::dns
