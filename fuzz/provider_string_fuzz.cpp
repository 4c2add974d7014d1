// go-discover provider strings and literal addresses as an operator (or a hostile
// config generator) might write them, and addresses as a provider might return them.
// Besides not crashing, the canonical form must parse back to the same pairs.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "discovery/entry.hpp"
#include "discovery/provider_string.hpp"

namespace {

using joinery::discovery::ProviderString;

// The pairs that survive format_canonical: those with a value.
joinery::plugins::KeyValues with_values(const joinery::plugins::KeyValues &keys) {
  joinery::plugins::KeyValues out;
  for (const auto &pair : keys) {
    if (!pair.second.empty()) out.push_back(pair);
  }
  return out;
}

void check_round_trip(const ProviderString &parsed) {
  const std::string canonical = joinery::discovery::format_canonical(parsed);
  const auto again = joinery::discovery::parse_provider_string(canonical);
  if (!again || again->provider != parsed.provider) std::abort();
  auto expected = with_values(parsed.keys);
  auto got = again->keys;
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  if (got != expected) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  if (const auto parsed = joinery::discovery::parse_provider_string(text)) {
    check_round_trip(*parsed);
    std::vector<std::string> secrets;
    for (const auto &pair : parsed->keys) secrets.push_back(pair.first);
    (void)joinery::discovery::format_masked(*parsed, secrets);
  }
  (void)joinery::discovery::is_provider_string(text);
  (void)joinery::discovery::check_literal_address(text);
  (void)joinery::discovery::normalize_address(text);
  return 0;
}
