// govmomi's vCenter simulator (vcsim/main.go) on loopback for the vsphere tests: one
// user whose login succeeds, the test's TLS certificate, the guest addresses VMware
// Tools would report; ready once it wrote its URL and virtual machine ids. Tags are
// made through its CIS REST API, as an operator would make them.
#pragma once

#include "http_request.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace joinery::test {

class Vcsim {
 public:
  static constexpr const char *user = "discover@vsphere.local";
  static constexpr const char *password = "Pa55-w0rd<&>";

  // `guests`: {"DC0_H0_VM0": [{"ip_config": [...], "ip_address": [...]}], ...}.
  // `user_password`: what the VIM login accepts for `user` (the secrets test's marker).
  Vcsim(const TlsCertificates &certificates, const nlohmann::json &guests,
        const std::string &user_password = password);

  [[nodiscard]] std::string host() const;  // "127.0.0.1:PORT"
  [[nodiscard]] std::string machine_id(const std::string &name) const;

  // Through /rest/com/vmware/cis: each returns the new object's id.
  std::string create_category(const std::string &name);
  std::string create_tag(const std::string &name, const std::string &category_id);
  void attach(const std::string &tag_id, const std::string &machine_name);
  // Attaches the tag to an object by type and id, existing or not (vcsim does not check).
  void attach_object(const std::string &tag_id, const std::string &type, const std::string &id);

 private:
  nlohmann::json rest(const std::string &path, const nlohmann::json &body);

  const TlsCertificates &certificates_;
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  nlohmann::json ready_;
  std::string session_;
};

}  // namespace joinery::test
