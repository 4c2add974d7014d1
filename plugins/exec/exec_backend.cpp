#include "exec_backend.hpp"

#include "call_bounds.hpp"
#include "command_failure.hpp"
#include "command_line.hpp"
#include "subprocess.hpp"

namespace joinery::exec {

ExecBackend::ExecBackend(const sdk::Config &config, const sdk::Call & /*call*/)
    : command_(parse_command(config.get_all("command"))),
      timeout_(config.get_duration("timeout", std::chrono::seconds(30))) {}

std::size_t ExecBackend::join(const sdk::Call &call, std::string_view cluster,
                              const std::vector<std::string_view> &addresses) {
  SubprocessRequest request;
  request.argv = command_;
  std::string joined;
  for (std::string_view address : addresses) {
    request.argv.emplace_back(address);
    joined.append(joined.empty() ? "" : " ").append(address);
  }
  request.env = {{"JOINERY_ADDRS", joined}, {"JOINERY_CLUSTER", std::string(cluster)}};
  request.timeout = timeout_;
  call.debug("running " + describe_command(request.argv));
  const SubprocessResult result =
      run_subprocess(request, bounds_of(call), [&](OutputStream stream, std::string_view line) {
        if (stream == OutputStream::err) {
          call.info(std::string("command stderr: ").append(line));
        } else {
          call.debug(std::string("command stdout: ").append(line));
        }
      });
  throw_unless_succeeded(result, command_, timeout_);
  return addresses.size();
}

}  // namespace joinery::exec
