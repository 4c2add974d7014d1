// The `exec` join backend: joins by running the operator's command with the
// addresses appended, e.g. `nomad server join ADDR...`; exit 0 is success.
#pragma once

#include <joinery/plugin.hpp>

#include "command_keys.hpp"

#include <string>
#include <vector>

namespace joinery::exec {

class ExecBackend final : public sdk::Backend {
 public:
  static constexpr joinery_key keys[] = {
      command_key, timeout_key("30s"),
      sdk::optional("end_of_options", "false",
                    "put \"--\" before the addresses, for a command that stops reading options "
                    "there (serf, nomad, consul: Go's flag package; getopt)",
                    JOINERY_KEY_BOOL)};
  static constexpr auto description = sdk::describe(
      "exec", "joins by running a command with the addresses appended (nomad server join, ...)",
      R"(Runs `command` with each attempt's addresses appended as arguments; they are also
in the environment as JOINERY_ADDRS (space-separated), with JOINERY_CLUSTER set to
LAN or WAN. Exit status 0 is success (every address counts as joined); anything
else fails the attempt with the exit status and the last lines of stderr. An
address that starts with '-' is never handed over (the attempt fails instead), and
end_of_options = true puts "--" before the addresses for commands that read it as the
end of their options (serf, nomad, consul; not sh -c, where it would become $1). Every
line the command writes to stderr is logged (stdout at debug level). No shell is
involved: write command = ["sh", "-c", "..."] to use one (the addresses are then
"$@" after the script's $0).

Example:
  [join.lan]
  backend = "exec"
  command = ["nomad", "server", "join"]
  timeout = "20s")",
      keys);

  ExecBackend(const sdk::Config &config, const sdk::Call &call);

  std::size_t join(const sdk::Call &call, std::string_view cluster,
                   const std::vector<std::string_view> &addresses) override;

 private:
  std::vector<std::string> command_;
  std::chrono::milliseconds timeout_;
  bool end_of_options_;
};

}  // namespace joinery::exec
