// The `exec` discovery provider: runs the operator's command and reads addresses
// from its stdout, whitespace-separated (like Nomad's exec= discovery).
#pragma once

#include <joinery/plugin.hpp>

#include "command_keys.hpp"

namespace joinery::exec {

class ExecProvider final : public sdk::Provider {
 public:
  static constexpr joinery_key keys[] = {command_key, timeout_key("10s")};
  static constexpr auto description = sdk::describe(
      "exec", "runs a command and reads addresses from its stdout",
      R"(Runs `command` on every attempt and takes every whitespace-separated word it prints
on stdout as an address ("10.0.0.1", "10.0.0.2:8301", "[::1]:8301"). A non-zero
exit or the timeout fails this entry for the attempt, with the last lines of
stderr. No shell is involved: start the command with sh -c to use one.

Example:
  provider=exec command="/usr/local/bin/list-peers --role server" timeout=5s)",
      keys);

  void validate(const sdk::Config &config, const sdk::Call &call) const override;
  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override;
};

}  // namespace joinery::exec
