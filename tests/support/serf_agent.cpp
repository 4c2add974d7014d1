#include "support/serf_agent.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <thread>

#include "support/loopback.hpp"

namespace joinery::test {
namespace {

std::string bracketed(const std::string &host, std::uint16_t port) {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

}  // namespace

SerfAgent::SerfAgent(Options options) : options_(std::move(options)) {
  dir_ = std::make_unique<TempDir>();
  std::vector<std::string> argv = {"serf", "agent", "-node=" + options_.node,
                                   "-profile=" + options_.profile,
                                   "-log-level=" + options_.log_level};
  if (!options_.rpc_auth.empty()) {
    argv.push_back(
        "-config-file=" +
        dir_->write("agent.json", nlohmann::json{{"rpc_auth", options_.rpc_auth}}.dump()).string());
  }
  if (!options_.encrypt.empty()) argv.push_back("-encrypt=" + options_.encrypt);
  for (const auto &[key, value] : options_.tags) argv.push_back("-tag=" + key + "=" + value);
  // Another process may take a port between free_port() and serf's bind: retry.
  for (int attempt = 0; attempt < 5; ++attempt) {
    bind_port_ = options_.bind_port != 0 ? options_.bind_port : free_port(options_.host);
    rpc_port_ = free_port(options_.host);
    std::vector<std::string> args = argv;
    args.push_back("-bind=" + bracketed(options_.host, bind_port_));
    args.push_back("-rpc-addr=" + bracketed(options_.host, rpc_port_));
    process_ = std::make_unique<ChildProcess>(args);
    if (wait_for_port(options_.host, rpc_port_, std::chrono::seconds(10)) && process_->running()) {
      return;
    }
    process_->stop(9);
  }
  throw std::runtime_error("serf agent " + options_.node +
                           " did not start: " + process_->stderr_text() + process_->stdout_text());
}

SerfAgent::~SerfAgent() {
  stop();
}

void SerfAgent::stop() {
  if (process_) process_->stop(15);
}

std::string SerfAgent::bind_address() const {
  return bracketed(options_.host, bind_port_);
}
std::string SerfAgent::rpc_address() const {
  return bracketed(options_.host, rpc_port_);
}
std::string SerfAgent::log() const {
  return process_->stdout_text() + process_->stderr_text();
}

std::vector<SerfAgent::Member> SerfAgent::members() const {
  std::vector<std::string> argv = {"serf", "members", "-rpc-addr=" + rpc_address(), "-format=json"};
  if (!options_.rpc_auth.empty()) argv.push_back("-rpc-auth=" + options_.rpc_auth);
  const CommandResult result = run(argv, std::chrono::seconds(10));
  std::vector<Member> members;
  if (result.status != 0) return members;
  const auto json = nlohmann::json::parse(result.out, nullptr, false);
  if (json.is_discarded()) return members;
  for (const auto &m : json.value("members", nlohmann::json::array())) {
    members.push_back({m.value("name", ""), m.value("addr", ""), m.value("status", "")});
  }
  return members;
}

bool SerfAgent::wait_for_alive(std::size_t count, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    std::size_t alive = 0;
    for (const Member &m : members()) alive += m.status == "alive" ? 1 : 0;
    if (alive == count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

std::string serf_keygen() {
  const CommandResult result = run({"serf", "keygen"}, std::chrono::seconds(10));
  std::string key = result.out;
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  return key;
}

}  // namespace joinery::test
