#include "exec_provider.hpp"

#include "command_failure.hpp"
#include "command_line.hpp"
#include "output_log.hpp"
#include "subprocess.hpp"

namespace joinery::exec {

void ExecProvider::validate(const sdk::Config &config, const sdk::Call & /*call*/) const {
  (void)parse_command(config.get_all("command"));
  (void)config.get_duration("timeout", std::chrono::seconds(10));
}

void ExecProvider::discover(const sdk::Config &config, const sdk::Call &call,
                            const sdk::AddressSink &out) const {
  SubprocessRequest request;
  request.argv = parse_command(config.get_all("command"));
  request.timeout = config.get_duration("timeout", std::chrono::seconds(10));
  OutputLog err("command stderr: ", [&](std::string line) { call.debug(line); });
  const SubprocessResult result =
      run_subprocess(request, call.bounds(), [&](OutputStream stream, std::string_view line) {
        if (stream == OutputStream::err) err.line(line);
      });
  err.finish();
  throw_unless_succeeded(result, request.argv, request.timeout);
  if (result.out_truncated) {
    throw sdk::Error(sdk::Status::unavailable,
                     "command `" + describe_command(request.argv) + "` printed more than " +
                         std::to_string(stdout_limit) + " bytes; expected a list of addresses");
  }
  const std::string_view text = result.out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = text.find_first_not_of(" \t\r\n", i);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
    out.push(text.substr(start, end - start));
    i = end;
  }
}

}  // namespace joinery::exec
