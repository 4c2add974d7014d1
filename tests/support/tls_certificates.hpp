// Throw-away TLS material for tests, made with the openssl command: a CA, a server
// certificate it signed for 127.0.0.1, ::1 and localhost, a client certificate it
// signed, and an unrelated second CA (to show a server is not trusted).
#pragma once

#include <filesystem>

#include "support/temp_dir.hpp"

namespace joinery::test {

class TlsCertificates {
 public:
  TlsCertificates();  // throws if openssl fails

  [[nodiscard]] std::filesystem::path ca_cert() const { return dir_.path() / "ca.crt"; }
  [[nodiscard]] std::filesystem::path server_cert() const { return dir_.path() / "server.crt"; }
  [[nodiscard]] std::filesystem::path server_key() const { return dir_.path() / "server.key"; }
  [[nodiscard]] std::filesystem::path client_cert() const { return dir_.path() / "client.crt"; }
  [[nodiscard]] std::filesystem::path client_key() const { return dir_.path() / "client.key"; }
  [[nodiscard]] std::filesystem::path other_ca_cert() const { return dir_.path() / "other.crt"; }

 private:
  TempDir dir_;
};

}  // namespace joinery::test
