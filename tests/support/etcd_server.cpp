#include "support/etcd_server.hpp"

#include <stdexcept>
#include <thread>

#include "support/loopback.hpp"

namespace joinery::test {

EtcdServer::EtcdServer() : dir_(std::make_unique<TempDir>()) {
  client_port_ = free_port();
  const std::string peer = "http://127.0.0.1:" + std::to_string(free_port());
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
      "etcd", "--name", "test", "--data-dir", (dir_->path() / "data").string(),
      "--listen-client-urls", client_url(), "--advertise-client-urls", client_url(),
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster",
      "test=" + peer, "--log-level", "warn"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  if (wait_for_port("127.0.0.1", client_port_, std::chrono::seconds(10))) {
    // Listening comes before serving: wait until the member answers as healthy.
    while (std::chrono::steady_clock::now() < deadline) {
      if (etcdctl({"endpoint", "health"}).status == 0) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  throw std::runtime_error("etcd did not start: " + log());
}

EtcdServer::~EtcdServer() {
  if (process_) {
    process_->stop();
  }
}

std::string EtcdServer::client_url() const {
  return "http://127.0.0.1:" + std::to_string(client_port_);
}

void EtcdServer::put(std::string_view key, std::string_view value) const {
  const CommandResult result = etcdctl({"put", std::string(key), std::string(value)});
  if (result.status != 0) {
    throw std::runtime_error("etcdctl put " + std::string(key) + " failed: " + result.err);
  }
}

std::string EtcdServer::log() const {
  return process_->stderr_text();
}

CommandResult EtcdServer::etcdctl(std::vector<std::string> args) const {
  args.insert(args.begin(), {"etcdctl", "--endpoints", client_url(), "--command-timeout", "2s"});
  return run(std::move(args), std::chrono::seconds(5), {.env = {{"ETCDCTL_API", "3"}}});
}

}  // namespace joinery::test
