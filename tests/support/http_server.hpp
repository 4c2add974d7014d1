// A real HTTP(S) server on loopback for tests: tests/support/http_server.py run by
// Debian's python3, answering the routes a test gives it and recording every request
// it receives. Stopped by PID when the test ends.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

class HttpServer {
 public:
  struct Options {
    nlohmann::json routes = nlohmann::json::array();  // see http_server.py for the fields
    std::string host = "127.0.0.1";                   // 127.0.0.1 or ::1
    std::filesystem::path cert;                       // server certificate: serve HTTPS when set
    std::filesystem::path key;                        // its private key
    std::filesystem::path client_ca;                  // verify client certificates against this CA
    // A Python module answering first (a cloud API's paging, signatures, tokens), and
    // the JSON it is given: see http_server.py. Cloud test servers live beside their
    // tests (tests/plugins/NAME/*_api.py).
    std::filesystem::path handler;
    nlohmann::json handler_config = nullptr;
  };

  // Starts the server on a free port and waits until it accepts. Throws if it does
  // not come up within 10 s.
  explicit HttpServer(Options options);
  ~HttpServer();

  // "http://127.0.0.1:PORT/path" ("https://", "[::1]" as configured).
  [[nodiscard]] std::string url(std::string_view path) const;
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return process_->pid(); }

  // Every request received so far, in order: {method, path, query (decoded),
  // raw_query, headers, body, client_cert (true when a verified one was presented)}.
  [[nodiscard]] std::vector<nlohmann::json> requests() const;
  // The server's own log (stderr), for failure messages.
  [[nodiscard]] std::string log() const;

 private:
  Options options_;
  std::uint16_t port_ = 0;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace joinery::test
