// A stand-in for Google Cloud on loopback for the gce tests: python3's http.server
// with gce_api.py (the token endpoint, metadata server and compute API), and a real
// RSA service-account key made by openssl for it to verify the JWT grant with.
#pragma once

#include <gtest/gtest.h>

#include "support/child_process.hpp"
#include "support/file_text.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

#include <nlohmann/json.hpp>

namespace joinery::test {

inline nlohmann::json gce_instance(const std::string &name, const std::string &ip,
                                   const std::string &status = "RUNNING",
                                   nlohmann::json tags = {"consul"},
                                   nlohmann::json labels = {{"role", "server"}}) {
  return {{"kind", "compute#instance"},
          {"name", name},
          {"status", status},
          {"tags", {{"items", std::move(tags)}, {"fingerprint", "42WmSpB8rSM="}}},
          {"labels", std::move(labels)},
          {"networkInterfaces",
           {{{"network", "global/networks/default"}, {"networkIP", ip}, {"name", "nic0"}}}}};
}

class GoogleCloud {
 public:
  static constexpr const char *client_email = "joiner@my-project.iam.gserviceaccount.com";

  explicit GoogleCloud(nlohmann::json overrides = nlohmann::json::object()) {
    nlohmann::json config = {
        {"project", "my-project"},
        {"client_email", client_email},
        {"public_key", (keys().path() / "public.pem").string()},
        {"refresh_token", "1//refresh-t0ken"},
        {"expires_in", 3600},
        {"zones", {"us-central1-a", "us-central1-b", "us-central1-c", "europe-west1-b"}},
        {"zone_page_size", 3},
        {"page_size", 2},
        {"instances",
         {{"us-central1-a",
           {gce_instance("a1", "10.0.1.1"), gce_instance("a2", "10.0.1.2", "TERMINATED"),
            gce_instance("a3", "10.0.1.3", "RUNNING", {"web"}), gce_instance("a4", "10.0.1.4"),
            gce_instance("a5", "10.0.1.5", "RUNNING", {"consul"}, {{"role", "client"}})}},
          {"us-central1-b", {gce_instance("b1", "10.0.2.1"), gce_instance("b2", "10.0.2.2")}},
          {"europe-west1-b", {gce_instance("e1", "10.0.9.1")}}}},
        {"loop_zone", "loop-zone"},
        {"hang_zone", "hang-zone"},
        {"denied_project", "denied-project"},
        {"echo_project", "echo-project"}};
    config.update(overrides);
    server = std::make_unique<HttpServer>(HttpServer::Options{
        .handler = source_dir() / "tests/plugins/gce/gce_api.py", .handler_config = config});
  }

  // A service-account key file whose token_uri is this server's, signed with `key`.
  [[nodiscard]] std::string key_file(const std::string &key = "key.pem",
                                     const std::string &project_id = "") const {
    nlohmann::json file = {{"type", "service_account"},         {"project_id", project_id},
                           {"private_key_id", "0123abcd"},      {"private_key", pem(key)},
                           {"client_email", client_email},      {"client_id", "1234567890"},
                           {"token_uri", server->url("/token")}};
    if (project_id.empty()) {
      file.erase("project_id");
    }
    return dir.write("sa-" + key + project_id + ".json", file.dump(2)).string();
  }

  [[nodiscard]] std::string private_key_pem() const { return pem("key.pem"); }
  [[nodiscard]] std::string compute_endpoint() const { return server->url("/compute/v1/"); }
  [[nodiscard]] std::string metadata_host() const {
    return "127.0.0.1:" + std::to_string(server->port());
  }
  [[nodiscard]] std::size_t requests_to(const std::string &path) const {
    std::size_t count = 0;
    for (const auto &request : server->requests()) {
      count += request["path"] == path ? 1 : 0;
    }
    return count;
  }

  TempDir dir;
  std::unique_ptr<HttpServer> server;

 private:
  // Two RSA keys (made once per test process: 2048-bit generation is slow): the
  // service account's and one it does not hold.
  static const TempDir &keys() {
    static const TempDir dir;
    static const bool made = [] {
      make_key(dir, "key.pem", "public.pem");
      make_key(dir, "other-key.pem", "other-public.pem");
      return true;
    }();
    (void)made;
    return dir;
  }
  static void make_key(const TempDir &dir, const std::string &key, const std::string &pub) {
    const auto key_path = (dir.path() / key).string();
    for (const auto &argv : std::vector<std::vector<std::string>>{
             {"openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
              key_path},
             {"openssl", "pkey", "-in", key_path, "-pubout", "-out",
              (dir.path() / pub).string()}}) {
      const CommandResult result = run(argv, std::chrono::seconds(30));
      if (result.status != 0) {
        throw std::runtime_error("openssl failed: " + result.err);
      }
    }
  }
  [[nodiscard]] std::string pem(const std::string &key) const {
    return file_text(keys().path() / key);
  }
};

}  // namespace joinery::test
