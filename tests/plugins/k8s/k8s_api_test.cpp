// The k8s provider's whole attempt against a local HTTPS server that answers
// /api/v1/namespaces/NS/pods with a real PodList and checks the bearer token, the
// client certificate and the selectors it is sent, with each kind of credentials.
#include "k8s_discovery.hpp"

#include <gtest/gtest.h>

#include "base64.hpp"
#include "support/file_text.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/plugin_config.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"

namespace {

using joinery::http::encode_base64;
using joinery::k8s::CredentialEnvironment;
using joinery::k8s::discover_k8s;
using joinery::k8s::read_k8s_settings;
using joinery::sdk::Error;
using joinery::sdk::Status;
using joinery::test::file_text;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::TempDir;
using joinery::test::TlsCertificates;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

const Strings running_pods = {"10.8.0.10:8301", "10.8.0.11", "10.8.0.14:8302", "10.8.0.15:8311",
                              "[fd00:8::16]:8301"};

class K8sApi : public ::testing::Test {
 protected:
  static json pods_route(const std::string &ns, json query, json extra = json::object()) {
    json route = {{"path", "/api/v1/namespaces/" + ns + "/pods"},
                  {"query", std::move(query)},
                  {"answer", pod_list}};
    route.update(extra);
    return route;
  }

  HttpServer start(const std::string &host = "127.0.0.1") {
    const json token = {{"headers", {{"Authorization", "Bearer k8s-t0ken"}}}};
    return HttpServer(
        {.routes = {pods_route("consul", {{"labelSelector", "app=consul,component=server"}}, token),
                    pods_route("default", json::object(), token),
                    pods_route("by-node", {{"fieldSelector", "spec.nodeName=node-a"}}, token),
                    pods_route("mtls", json::object(), {{"client_cert", true}}),
                    pods_route("wedged", json::object(), {{"hang", true}})},
         .host = host,
         .cert = certs.server_cert(),
         .key = certs.server_key(),
         .client_ca = certs.ca_cert()});
  }

  // A kubeconfig for `server` whose user is `user` (YAML lines under "user:").
  std::string write_kubeconfig(const std::string &server, const std::string &user,
                               const std::string &ca_lines = "") {
    const std::string ca =
        ca_lines.empty() ? "    certificate-authority: " + certs.ca_cert().string() : ca_lines;
    return home
        .write("kubeconfig",
               "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
               "clusters:\n- name: test\n  cluster:\n    server: " +
                   server + "\n" + ca +
                   "\ncontexts:\n- name: test\n  context:\n"
                   "    cluster: test\n    user: me\n"
                   "users:\n- name: me\n  user:\n" +
                   user + "\n")
        .string();
  }

  Strings discover(const PluginConfig &config, const CredentialEnvironment &environment) {
    return discover_k8s(read_k8s_settings(config.view()), environment, {}).addresses;
  }

  Strings discover(const PluginConfig &config) {
    return discover(config, {.home = home.path().string()});
  }

  std::string error_of(const PluginConfig &config, Status status = Status::unavailable) {
    try {
      discover(config);
    } catch (const Error &error) {
      EXPECT_EQ(error.status(), status);
      return error.what();
    }
    return "no error";
  }

  static inline const json pod_list =
      json::parse(file_text(joinery::test::source_dir() / "tests/plugins/k8s/pod_list.json"));
  TlsCertificates certs;
  TempDir home;
};

TEST_F(K8sApi, KubeconfigWithATokenListsTheSelectedPods) {
  HttpServer server = start();
  const auto kubeconfig = write_kubeconfig(server.url(""), "    token: k8s-t0ken");
  EXPECT_EQ(discover({{"kubeconfig", kubeconfig},
                      {"namespace", "consul"},
                      {"label_selector", "app=consul,component=server"}}),
            running_pods);
  const json request = server.requests().at(0);
  EXPECT_EQ(request["path"], "/api/v1/namespaces/consul/pods");
  EXPECT_EQ(request["raw_query"], "labelSelector=app%3Dconsul%2Ccomponent%3Dserver");
}

TEST_F(K8sApi, AnApiServerRedirectingToAnotherOriginNeverHandsItTheToken) {
  HttpServer other({.routes = {pods_route("default", json::object())},
                    .cert = certs.server_cert(),
                    .key = certs.server_key()});
  HttpServer server(
      {.routes = {pods_route("default", json::object(),
                             {{"status", 302},
                              {"answer", ""},
                              {"location", other.url("/api/v1/namespaces/default/pods")}})},
       .cert = certs.server_cert(),
       .key = certs.server_key()});
  const auto kubeconfig = write_kubeconfig(server.url(""), "    token: k8s-t0ken");
  EXPECT_EQ(discover({{"kubeconfig", kubeconfig}}), running_pods);  // followed, without it
  ASSERT_EQ(other.requests().size(), 1U);
  const json headers = other.requests().at(0)["headers"];
  EXPECT_FALSE(headers.contains("Authorization")) << headers;
  EXPECT_EQ(headers.dump().find("k8s-t0ken"), std::string::npos) << headers;
  EXPECT_EQ(server.requests().at(0)["headers"]["Authorization"], "Bearer k8s-t0ken");
}

TEST_F(K8sApi, SendsTheFieldSelector) {
  HttpServer server = start();
  const auto kubeconfig = write_kubeconfig(server.url(""), "    token: k8s-t0ken");
  EXPECT_EQ(discover({{"kubeconfig", kubeconfig},
                      {"namespace", "by-node"},
                      {"field_selector", "spec.nodeName=node-a"}}),
            running_pods);
}

TEST_F(K8sApi, TheNamespaceDefaultsToDefault) {
  HttpServer server = start();
  EXPECT_EQ(discover({{"kubeconfig", write_kubeconfig(server.url(""), "    token: k8s-t0ken")}}),
            running_pods);
}

TEST_F(K8sApi, HostNetworkJoinsHostIps) {
  HttpServer server = start();
  EXPECT_EQ(discover({{"kubeconfig", write_kubeconfig(server.url(""), "    token: k8s-t0ken")},
                      {"host_network", "true"}}),
            (Strings{"192.168.10.1:9301", "192.168.10.2", "192.168.10.4:8302", "[fd00:10::6]:8301",
                     "192.168.10.8"}));
}

TEST_F(K8sApi, HomeKubeConfigIsUsedWhenNoKubeconfigIsGiven) {
  HttpServer server = start();
  const auto written = write_kubeconfig(server.url(""), "    token: k8s-t0ken");
  home.write(".kube/config", file_text(written));
  EXPECT_EQ(discover({}), running_pods);
}

TEST_F(K8sApi, AWrongTokenIsAnErrorNamingTheRequestAndTheCredentials) {
  HttpServer server = start();
  const auto kubeconfig = write_kubeconfig(server.url(""), "    token: stale-t0ken");
  const std::string error = error_of({{"kubeconfig", kubeconfig}});
  EXPECT_TRUE(error.starts_with("error listing pods: GET " +
                                server.url("/api/v1/namespaces/default/pods") +
                                ": HTTP 401 Unauthorized"))
      << error;
  EXPECT_TRUE(error.ends_with("(credentials from kubeconfig " + kubeconfig + " (context test))"))
      << error;
  EXPECT_EQ(error.find("stale-t0ken"), std::string::npos);
}

TEST_F(K8sApi, AWrongLabelSelectorIsRefusedByTheServer) {
  HttpServer server = start();
  const auto kubeconfig = write_kubeconfig(server.url(""), "    token: k8s-t0ken");
  EXPECT_NE(
      error_of(
          {{"kubeconfig", kubeconfig}, {"namespace", "consul"}, {"label_selector", "app=vault"}})
          .find("HTTP 400 Bad Request"),
      std::string::npos);
}

TEST_F(K8sApi, KubeconfigWithClientCertificateFiles) {
  HttpServer server = start();
  const auto kubeconfig =
      write_kubeconfig(server.url(""), "    client-certificate: " + certs.client_cert().string() +
                                           "\n    client-key: " + certs.client_key().string());
  EXPECT_EQ(discover({{"kubeconfig", kubeconfig}, {"namespace", "mtls"}}), running_pods);
  EXPECT_EQ(server.requests().at(0)["client_cert"], true);
}

TEST_F(K8sApi, KubeconfigWithInlineCertificateData) {
  HttpServer server = start();
  const auto kubeconfig = write_kubeconfig(
      server.url(""),
      "    client-certificate-data: " + encode_base64(file_text(certs.client_cert())) +
          "\n    client-key-data: " + encode_base64(file_text(certs.client_key())),
      "    certificate-authority-data: " + encode_base64(file_text(certs.ca_cert())));
  EXPECT_EQ(discover({{"kubeconfig", kubeconfig}, {"namespace", "mtls"}}), running_pods);
}

TEST_F(K8sApi, AServerSignedByAnotherCaIsNotTrusted) {
  HttpServer server = start();
  const auto kubeconfig =
      write_kubeconfig(server.url(""), "    token: k8s-t0ken",
                       "    certificate-authority: " + certs.other_ca_cert().string());
  EXPECT_NE(error_of({{"kubeconfig", kubeconfig}}).find("certificate"), std::string::npos);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(K8sApi, InClusterServiceAccount) {
  HttpServer server = start();
  TempDir service_account;
  service_account.write("token", "k8s-t0ken");
  service_account.write("ca.crt", file_text(certs.ca_cert()));
  EXPECT_EQ(discover({{"namespace", "consul"}, {"label_selector", "app=consul,component=server"}},
                     {.home = home.path().string(),  // no .kube/config there
                      .service_host = "127.0.0.1",
                      .service_port = std::to_string(server.port()),
                      .service_account_dir = service_account.path()}),
            running_pods);
}

TEST_F(K8sApi, InClusterOverIpv6) {
  HttpServer server = start("::1");
  TempDir service_account;
  service_account.write("token", "k8s-t0ken");
  service_account.write("ca.crt", file_text(certs.ca_cert()));
  EXPECT_EQ(discover({}, {.home = home.path().string(),
                          .service_host = "::1",
                          .service_port = std::to_string(server.port()),
                          .service_account_dir = service_account.path()}),
            running_pods);
}

TEST_F(K8sApi, TheCallsDeadlineEndsAWedgedList) {
  HttpServer server = start();
  const auto kubeconfig = write_kubeconfig(server.url(""), "    token: k8s-t0ken");
  try {
    discover_k8s(
        read_k8s_settings(PluginConfig{{"kubeconfig", kubeconfig}, {"namespace", "wedged"}}.view()),
        {}, {.deadline = std::chrono::steady_clock::now() + 200ms});
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), Status::cancelled);
  }
}

TEST(K8sSettings, HostNetworkMustBeABoolean) {
  try {
    read_k8s_settings(PluginConfig{{"host_network", "yes"}}.view());
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), Status::invalid_config);
    EXPECT_EQ(std::string(error.what()),
              "host_network must be boolean value: strconv.ParseBool: parsing \"yes\": invalid "
              "syntax (use true or false)");
  }
  EXPECT_TRUE(read_k8s_settings(PluginConfig{{"host_network", "1"}}.view()).host_network);
}

TEST(K8sSettings, PodsUrlEncodesTheNamespaceAndSelectors) {
  joinery::k8s::K8sSettings settings;
  settings.namespace_name = "consul";
  settings.label_selector = "app in (consul, vault)";
  settings.field_selector = "status.phase=Running";
  EXPECT_EQ(joinery::k8s::pods_url("https://k8s.example:6443/prefix/", settings),
            "https://k8s.example:6443/prefix/api/v1/namespaces/consul/pods"
            "?labelSelector=app%20in%20%28consul%2C%20vault%29"
            "&fieldSelector=status.phase%3DRunning");
}

}  // namespace
