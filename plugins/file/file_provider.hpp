// The `file` discovery provider: addresses from a file, read afresh on every attempt.
#pragma once

#include <joinery/plugin.hpp>

namespace joinery::file {

class FileProvider final : public sdk::Provider {
 public:
  static constexpr joinery_key keys[] = {
      sdk::required("path", "file of addresses: one per line (# comments) or a JSON array"),
      sdk::optional("format", "auto",
                    "lines, json, or auto (JSON when the file starts with a JSON array)")};
  static constexpr auto description = sdk::describe(
      "file", "addresses from a file, one per line or a JSON array",
      "Reads the file on every attempt and returns the addresses in it, in order and without\n"
      "duplicates. Lines: one address per line, surrounding whitespace trimmed, blank lines\n"
      "and everything after # ignored. JSON: an array of strings. A missing or unreadable\n"
      "file fails the attempt; an empty one finds nothing. Replace the file atomically\n"
      "(write a temporary file, then rename it) so that no attempt reads half of it.\n"
      "\n"
      "    provider=file path=/run/cluster/peers\n"
      "    provider=file path=/etc/joinery/peers.json format=json\n",
      keys);

  void validate(const sdk::Config &config, const sdk::Call &call) const override;
  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override;
};

}  // namespace joinery::file
