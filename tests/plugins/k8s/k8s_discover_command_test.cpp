// `joinery discover 'provider=k8s ...'` run as the real binary with the bundled
// plugin, against a local HTTPS server speaking the pods API, with in-cluster and
// kubeconfig credentials taken from the process environment.
#include <gtest/gtest.h>

#include "support/child_process.hpp"
#include "support/file_text.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"

namespace {

using joinery::test::CommandResult;
using joinery::test::file_text;
using joinery::test::HttpServer;
using joinery::test::TempDir;
using joinery::test::TlsCertificates;
using nlohmann::json;
using namespace std::chrono_literals;

class K8sDiscoverCommand : public ::testing::Test {
 protected:
  CommandResult discover(std::vector<std::string> args, std::map<std::string, std::string> env) {
    args.insert(args.begin(), {joinery::test::joinery_binary().string(), "discover"});
    env.emplace("HOME", home.path().string());
    env.emplace("KUBERNETES_SERVICE_HOST", "");
    env.emplace("KUBERNETES_SERVICE_PORT", "");
    return joinery::test::run(args, 20s, {.env = std::move(env)});
  }

  std::map<std::string, std::string> in_cluster() {
    service_account.write("token", "sa-t0ken");
    service_account.write("ca.crt", file_text(certs.ca_cert()));
    return {{"KUBERNETES_SERVICE_HOST", "127.0.0.1"},
            {"KUBERNETES_SERVICE_PORT", std::to_string(server.port())},
            {"JOINERY_K8S_SERVICEACCOUNT_DIR", service_account.path().string()}};
  }

  TlsCertificates certs;
  TempDir home;
  TempDir service_account;
  HttpServer server{
      {.routes = {{{"path", "/api/v1/namespaces/consul/pods"},
                   {"headers", {{"Authorization", "Bearer sa-t0ken"}}},
                   {"query", {{"labelSelector", "app=consul"}}},
                   {"answer", json::parse(file_text(joinery::test::source_dir() /
                                                    "tests/plugins/k8s/pod_list.json"))}}},
       .cert = certs.server_cert(),
       .key = certs.server_key()}};
};

TEST_F(K8sDiscoverCommand, FindsRunningReadyPodsWithTheInClusterServiceAccount) {
  const CommandResult r =
      discover({"provider=k8s namespace=consul label_selector=\"app=consul\""}, in_cluster());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "10.8.0.10:8301 10.8.0.11 10.8.0.14:8302 10.8.0.15:8311 [fd00:8::16]:8301\n");
}

TEST_F(K8sDiscoverCommand, LogsWhyPodsWereIgnoredAtDebugLevel) {
  const CommandResult r = discover(
      {"--log-level", "debug", "provider=k8s namespace=consul label_selector=\"app=consul\""},
      in_cluster());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find(R"(ignoring pod "consul-server-2", not running: "Pending")"),
            std::string::npos)
      << r.err;
}

TEST_F(K8sDiscoverCommand, UsesTheKubeconfigKeyWithHostNetwork) {
  const auto kubeconfig =
      home.write("kubeconfig",
                 "current-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n"
                 "clusters:\n- name: k\n  cluster:\n    server: " +
                     server.url("") + "\n    certificate-authority: " + certs.ca_cert().string() +
                     "\nusers:\n- name: u\n  user: {token: sa-t0ken}\n");
  const CommandResult r = discover({"-q", "provider=k8s kubeconfig=" + kubeconfig.string() +
                                              " namespace=consul label_selector=\"app=consul\" "
                                              "host_network=true"},
                                   {});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "192.168.10.1:9301 192.168.10.2 192.168.10.4:8302 [fd00:10::6]:8301 192.168.10.8\n");
}

TEST_F(K8sDiscoverCommand, WithoutCredentialsTheErrorGivesBothReasons) {
  const CommandResult r = discover({"provider=k8s namespace=consul"}, {});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("error loading kubeconfig and in-cluster auth"), std::string::npos) << r.err;
}

TEST_F(K8sDiscoverCommand, HostNetworkMustBeABoolean) {
  const CommandResult r = discover({"provider=k8s host_network=yes"}, {});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("host_network must be boolean value"), std::string::npos) << r.err;
}

TEST_F(K8sDiscoverCommand, AKubeconfigThatIsNotYamlFailsTheEntryAndTheRunJoinsTheRest) {
  // yaml-cpp throws the syntax error; with two C++ runtimes in the process that aborted.
  const auto kubeconfig = home.write("bad.yaml", "a: [\n");
  const CommandResult r =
      joinery::test::run({joinery::test::joinery_binary().string(), "run", "-retry-join",
                          "provider=k8s kubeconfig=" + kubeconfig.string(), "-retry-join",
                          "10.0.0.1", "--join-backend", "log"},
                         20s, {.env = {{"HOME", home.path().string()}}});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("would join LAN: 10.0.0.1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not YAML"), std::string::npos) << r.err;
}

}  // namespace
