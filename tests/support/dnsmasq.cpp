#include "support/dnsmasq.hpp"

#include <signal.h>

#include <stdexcept>

#include "support/loopback.hpp"

namespace joinery::test {
namespace {

std::string hosts_file_text(const std::vector<Dnsmasq::HostRecord> &hosts) {
  std::string text;
  for (const auto &host : hosts) {
    for (const auto &address : host.addresses) text += address + " " + host.name + "\n";
  }
  return text;
}

}  // namespace

Dnsmasq::Dnsmasq(Options options) : options_(std::move(options)) {
  dir_ = std::make_unique<TempDir>();
  const auto hosts = dir_->write("hosts", hosts_file_text(options_.hosts));
  std::vector<std::string> argv = {"dnsmasq",
                                   "--no-daemon",
                                   "--conf-file=/dev/null",
                                   "--pid-file=",
                                   "--no-resolv",
                                   "--no-hosts",
                                   "--no-negcache",
                                   "--bind-interfaces",
                                   "--log-queries",
                                   "--listen-address=" + options_.host,
                                   "--addn-hosts=" + hosts.string()};
  for (const auto &domain : options_.domains) argv.push_back("--local=/" + domain + "/");
  for (const auto &srv : options_.srv) {
    // No target: dnsmasq answers with target "." ("decidedly not available", RFC 2782).
    argv.push_back(srv.target.empty()
                       ? "--srv-host=" + srv.name
                       : "--srv-host=" + srv.name + "," + srv.target + "," +
                             std::to_string(srv.port) + "," + std::to_string(srv.priority) + "," +
                             std::to_string(srv.weight));
  }
  // Another process may take the port between free_port() and dnsmasq's bind: retry.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port(options_.host);
    std::vector<std::string> args = argv;
    args.push_back("--port=" + std::to_string(port_));
    process_ = std::make_unique<ChildProcess>(args);
    // dnsmasq binds UDP and TCP before it serves; TCP accepting means both are bound.
    if (wait_for_port(options_.host, port_, std::chrono::seconds(10)) && process_->running()) {
      return;
    }
    process_->stop(SIGKILL);
  }
  throw std::runtime_error("dnsmasq did not start: " + log());
}

Dnsmasq::~Dnsmasq() {
  stop();
}

std::string Dnsmasq::address() const {
  return (options_.host.find(':') != std::string::npos ? "[" + options_.host + "]"
                                                       : options_.host) +
         ":" + std::to_string(port_);
}

void Dnsmasq::replace_hosts(const std::vector<HostRecord> &hosts) {
  options_.hosts = hosts;
  dir_->write("hosts", hosts_file_text(hosts));
  ::kill(process_->pid(), SIGHUP);
}

void Dnsmasq::pause() {
  ::kill(process_->pid(), SIGSTOP);
}

void Dnsmasq::resume() {
  ::kill(process_->pid(), SIGCONT);
}

void Dnsmasq::stop() {
  if (!process_ || !process_->running()) return;
  resume();  // a stopped process would hold SIGTERM until the grace period ran out
  process_->stop(SIGTERM);
}

std::string Dnsmasq::log() const {
  return process_ ? process_->stdout_text() + process_->stderr_text() : std::string();
}

}  // namespace joinery::test
