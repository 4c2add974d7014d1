#include "exec_backend.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include "command_failure.hpp"
#include "command_line.hpp"
#include "output_log.hpp"
#include "subprocess.hpp"

namespace joinery::exec {

ExecBackend::ExecBackend(const sdk::Config &config, const sdk::Call & /*call*/)
    : command_(parse_command(config.get_all("command"))),
      timeout_(config.get_duration("timeout", std::chrono::seconds(30))),
      end_of_options_(config.get_bool("end_of_options", false)) {}

std::size_t ExecBackend::join(const sdk::Call &call, std::string_view cluster,
                              const std::vector<std::string_view> &addresses) {
  SubprocessRequest request;
  request.argv = command_;
  if (end_of_options_) {
    request.argv.emplace_back("--");
  }
  std::string joined;
  for (std::string_view address : addresses) {
    // The host checks every address, but this backend is where a leading '-' turns into
    // an option of the operator's command (serf join -rpc-addr=...): never hand one over.
    if (!address.empty() && address.front() == '-') {
      throw sdk::Error(sdk::Status::invalid_config,
                       "refused to run `" + describe_command(command_) + "`: the address \"" +
                           sdk::escape_unprintable(address) +
                           "\" starts with '-' and would be read as an option");
    }
    request.argv.emplace_back(address);
    joined.append(joined.empty() ? "" : " ").append(address);
  }
  request.env = {{"JOINERY_ADDRS", joined}, {"JOINERY_CLUSTER", std::string(cluster)}};
  request.timeout = timeout_;
  call.debug("running " + describe_command(request.argv));
  OutputLog err("command stderr: ", [&](std::string line) { call.info(line); });
  OutputLog out("command stdout: ", [&](std::string line) { call.debug(line); });
  const SubprocessResult result =
      run_subprocess(request, call.bounds(), [&](OutputStream stream, std::string_view line) {
        (stream == OutputStream::err ? err : out).line(line);
      });
  err.finish();
  out.finish();
  throw_unless_succeeded(result, command_, timeout_);
  return addresses.size();
}

}  // namespace joinery::exec
