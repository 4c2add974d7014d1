#include "support/http_server.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/loopback.hpp"
#include "support/paths.hpp"

namespace joinery::test {
namespace {

// Debian's python3 (the server needs nothing beyond its standard library).
std::string python3_binary() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

}  // namespace

HttpServer::HttpServer(Options options) : options_(std::move(options)) {
  dir_ = std::make_unique<TempDir>();
  const auto routes = dir_->write("routes.json", options_.routes.dump());
  const auto requests = dir_->write("requests.jsonl", "");
  port_ = free_port(options_.host);
  std::vector<std::string> argv = {
      python3_binary(), (source_dir() / "tests/support/http_server.py").string(),
      "--host",         options_.host,
      "--port",         std::to_string(port_),
      "--routes",       routes.string(),
      "--requests-log", requests.string()};
  if (!options_.cert.empty()) {
    argv.insert(argv.end(), {"--cert", options_.cert.string(), "--key", options_.key.string()});
  }
  if (!options_.client_ca.empty()) {
    argv.insert(argv.end(), {"--client-ca", options_.client_ca.string()});
  }
  if (!options_.handler.empty()) {
    argv.insert(argv.end(), {"--handler", options_.handler.string()});
    if (!options_.handler_config.is_null()) {
      const auto config = dir_->write("handler-config.json", options_.handler_config.dump());
      argv.insert(argv.end(), {"--handler-config", config.string()});
    }
  }
  process_ = std::make_unique<ChildProcess>(std::move(argv));
  if (!wait_for_port(options_.host, port_, std::chrono::seconds(10))) {
    throw std::runtime_error("the test HTTP server did not start: " + log());
  }
}

HttpServer::~HttpServer() {
  if (process_) {
    process_->stop();
  }
}

std::string HttpServer::url(std::string_view path) const {
  const std::string host =
      options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  return (options_.cert.empty() ? "http://" : "https://") + host + ":" + std::to_string(port_) +
         std::string(path);
}

std::vector<nlohmann::json> HttpServer::requests() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(dir_->path() / "requests.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      out.push_back(nlohmann::json::parse(line));
    }
  }
  return out;
}

std::string HttpServer::log() const {
  return process_->stderr_text();
}

}  // namespace joinery::test
