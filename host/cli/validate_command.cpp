// joinery validate: everything `joinery run` checks before its first attempt -- the
// configuration, every provider string and backend with the plugins' own key
// descriptions -- without joining anything; then what each cluster would do.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/run_setup.hpp"

namespace joinery::cli {
namespace {

constexpr std::string_view usage = R"(Usage: joinery validate [options]

Checks a configuration as 'joinery run' does before its first attempt: the TOML files
and flags (Consul's rules and messages), every provider string against its
provider's keys, and each cluster's join backend and its keys. Loads the plugins the
configuration names, but discovers and joins nothing. Takes the same options as run.
Prints "configuration is valid" and what each cluster would do.

Exit status: 0 valid; 2 a usage or configuration error; 3 a plugin the configuration
needs is missing or was refused.

Examples:
  joinery validate --config /etc/joinery/joinery.toml
  joinery validate --config-dir /etc/joinery/conf.d --plugin-dir /opt/vendor/plugins
  joinery validate -retry-join 'provider=static addrs=10.0.0.1,10.0.0.2' --join-backend log

)";

}  // namespace

int validate_command(const Arguments &args) {
  RunSetupResult result = set_up_run(args, usage, std::make_shared<plugins::StopSource>());
  if (!result.setup) {
    return result.exit_status;
  }
  std::cout << "configuration is valid\n";
  for (const std::filesystem::path &file : result.setup->options.config_files) {
    std::cout << "read " << file.string() << '\n';
  }
  std::cout << result.setup->run->describe();
  std::cout << "systemd notification: "
            << (result.setup->options.config.systemd_notify ? "on when NOTIFY_SOCKET is set"
                                                            : "off (systemd_notify = false)")
            << '\n';
  return exit_ok;
}

}  // namespace joinery::cli
