#include "support/tls_certificates.hpp"

#include <stdexcept>
#include <vector>

#include "support/child_process.hpp"

namespace joinery::test {
namespace {

void openssl(std::vector<std::string> args) {
  args.insert(args.begin(), "openssl");
  const CommandResult result = run(args, std::chrono::seconds(20));
  if (result.status != 0) {
    throw std::runtime_error("openssl " + args[1] + " failed: " + result.err);
  }
}

// A P-256 key and a certificate for `subject`, self-signed or signed by the CA in `dir`.
void make_certificate(const std::filesystem::path &dir, const std::string &name,
                      const std::string &subject, bool signed_by_ca,
                      const std::vector<std::string> &extensions) {
  std::vector<std::string> args = {"req",
                                   "-x509",
                                   "-newkey",
                                   "ec",
                                   "-pkeyopt",
                                   "ec_paramgen_curve:prime256v1",
                                   "-nodes",
                                   "-days",
                                   "2",
                                   "-subj",
                                   subject,
                                   "-keyout",
                                   (dir / (name + ".key")).string(),
                                   "-out",
                                   (dir / (name + ".crt")).string()};
  if (signed_by_ca) {
    args.insert(args.end(),
                {"-CA", (dir / "ca.crt").string(), "-CAkey", (dir / "ca.key").string()});
  }
  for (const std::string &extension : extensions) {
    args.insert(args.end(), {"-addext", extension});
  }
  openssl(args);
}

}  // namespace

TlsCertificates::TlsCertificates() {
  const auto &dir = dir_.path();
  make_certificate(dir, "ca", "/CN=joinery test CA", false, {});
  make_certificate(dir, "other", "/CN=joinery unrelated CA", false, {});
  make_certificate(dir, "server", "/CN=localhost", true,
                   {"subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
                    "basicConstraints=critical,CA:FALSE", "extendedKeyUsage=serverAuth"});
  make_certificate(dir, "client", "/CN=joinery-test-client", true,
                   {"basicConstraints=critical,CA:FALSE", "extendedKeyUsage=clientAuth"});
}

}  // namespace joinery::test
