#include "support/joinery_run.hpp"

#include <thread>

#include "support/paths.hpp"

namespace joinery::test {

JoineryRun::JoineryRun(const std::string &toml, std::vector<std::string> extra_args) {
  std::vector<std::string> argv = {joinery_binary().string(), "run", "--config",
                                   dir_.write("joinery.toml", toml).string()};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(argv);
}

std::optional<int> JoineryRun::wait(std::chrono::milliseconds timeout) {
  return process_->wait(timeout);
}

int JoineryRun::stop(int signal) {
  return process_->stop(signal);
}

bool JoineryRun::wait_for_output(const std::string &needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const bool running = process_->running();
    if (output().find(needle) != std::string::npos) return true;
    if (!running || std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string JoineryRun::output() const {
  return process_->stdout_text() + process_->stderr_text();
}

std::string toml_string(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string toml_array(const std::vector<std::string> &items) {
  std::string out = "[";
  for (const std::string &item : items) {
    out += (out.size() > 1 ? ", " : "") + toml_string(item);
  }
  return out + "]";
}

}  // namespace joinery::test
