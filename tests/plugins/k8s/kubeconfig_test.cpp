// Where the k8s provider's credentials come from: a kubeconfig (token, token file,
// client certificates, the cluster CA as files or inline data), $HOME/.kube/config,
// the in-cluster service account; in go-discover's order.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "api_access.hpp"
#include "base64.hpp"
#include "support/temp_dir.hpp"

namespace {

using joinery::k8s::ApiAccess;
using joinery::k8s::CredentialEnvironment;
using joinery::k8s::find_api_access;
using joinery::k8s::load_in_cluster;
using joinery::k8s::load_kubeconfig;
using joinery::sdk::Error;
using joinery::test::TempDir;

template <class Body>
std::string error_of(Body &&body) {
  try {
    body();
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), joinery::sdk::Status::unavailable);
    return error.what();
  }
  return "no error";
}

// A kubeconfig with two contexts; current-context selects "prod".
std::string kubeconfig(const std::string &cluster, const std::string &user) {
  return R"(apiVersion: v1
kind: Config
current-context: prod
preferences: {}
clusters:
- name: staging
  cluster:
    server: https://staging.example:6443
- name: prod
  cluster:
)" + cluster +
         R"(
contexts:
- name: staging
  context:
    cluster: staging
    user: staging-user
- name: prod
  context:
    cluster: prod
    user: prod-user
    namespace: consul
users:
- name: staging-user
  user:
    token: staging-token
- name: prod-user
  user:
)" + user +
         "\n";
}

TEST(Kubeconfig, ReadsServerTokenAndCaFileThroughTheCurrentContext) {
  TempDir dir;
  const auto path = dir.write("config", kubeconfig("    server: https://10.0.0.1:6443\n"
                                                   "    certificate-authority: /etc/k8s/ca.crt",
                                                   "    token: prod-token"));
  const ApiAccess access = load_kubeconfig(path);
  EXPECT_EQ(access.server, "https://10.0.0.1:6443");
  EXPECT_EQ(access.bearer_token, "prod-token");
  EXPECT_EQ(access.tls.ca.file, "/etc/k8s/ca.crt");
  EXPECT_FALSE(access.tls.insecure);
  EXPECT_EQ(access.origin, "kubeconfig " + path.string() + " (context prod)");
}

TEST(Kubeconfig, ResolvesRelativeFilesAgainstItsDirectory) {
  TempDir dir;
  dir.write("token", "from-file\n");
  const auto path = dir.write("config", kubeconfig("    server: https://k8s:6443\n"
                                                   "    certificate-authority: pki/ca.crt",
                                                   "    client-certificate: pki/client.crt\n"
                                                   "    client-key: pki/client.key\n"
                                                   "    tokenFile: token"));
  const ApiAccess access = load_kubeconfig(path);
  EXPECT_EQ(access.tls.ca.file, (dir.path() / "pki/ca.crt").string());
  EXPECT_EQ(access.tls.client_certificate.file, (dir.path() / "pki/client.crt").string());
  EXPECT_EQ(access.tls.client_key.file, (dir.path() / "pki/client.key").string());
  EXPECT_EQ(access.bearer_token, "from-file");
}

TEST(Kubeconfig, DecodesInlineDataFields) {
  using joinery::http::encode_base64;
  TempDir dir;
  const auto path = dir.write(
      "config", kubeconfig("    server: https://k8s:6443\n"
                           "    certificate-authority-data: " +
                               encode_base64("CA PEM"),
                           "    client-certificate-data: " + encode_base64("CERT PEM") + "\n" +
                               "    client-key-data: " + encode_base64("KEY PEM")));
  const ApiAccess access = load_kubeconfig(path);
  EXPECT_EQ(access.tls.ca.pem, "CA PEM");
  EXPECT_EQ(access.tls.client_certificate.pem, "CERT PEM");
  EXPECT_EQ(access.tls.client_key.pem, "KEY PEM");
  EXPECT_TRUE(access.tls.ca.file.empty());
}

TEST(Kubeconfig, ReadsInsecureSkipTlsVerify) {
  TempDir dir;
  const auto path = dir.write("config", kubeconfig("    server: https://k8s:6443\n"
                                                   "    insecure-skip-tls-verify: true",
                                                   "    token: t"));
  EXPECT_TRUE(load_kubeconfig(path).tls.insecure);
}

TEST(Kubeconfig, RefusesExecAndAuthProviderPlugins) {
  TempDir dir;
  const auto path =
      dir.write("config", kubeconfig("    server: https://k8s:6443",
                                     "    exec:\n"
                                     "      apiVersion: client.authentication.k8s.io/v1\n"
                                     "      command: aws"));
  EXPECT_EQ(error_of([&] { load_kubeconfig(path); }),
            path.string() +
                ": user \"prod-user\" authenticates through exec, which joinery does not run; give "
                "it a token or a client certificate");
}

TEST(Kubeconfig, NeedsBothClientCertificateAndKey) {
  TempDir dir;
  const auto path = dir.write(
      "config", kubeconfig("    server: https://k8s:6443", "    client-certificate: c.crt"));
  EXPECT_EQ(error_of([&] { load_kubeconfig(path); }),
            path.string() + ": user \"prod-user\" needs both client-certificate and client-key");
}

TEST(Kubeconfig, ErrorsSayWhatIsMissing) {
  TempDir dir;
  const auto none = dir.write("none", "apiVersion: v1\nkind: Config\n");
  EXPECT_EQ(error_of([&] { load_kubeconfig(none); }),
            none.string() + ": no current-context is set");
  const auto lost = dir.write("lost", "current-context: gone\ncontexts: []\n");
  EXPECT_EQ(error_of([&] { load_kubeconfig(lost); }),
            lost.string() + ": context \"gone\" is not in its contexts");
  const auto serverless =
      dir.write("serverless", kubeconfig("    insecure-skip-tls-verify: true", "    token: t"));
  EXPECT_EQ(error_of([&] { load_kubeconfig(serverless); }),
            serverless.string() + ": cluster \"prod\" has no server");
  EXPECT_EQ(error_of([&] { load_kubeconfig(dir.path() / "absent"); }),
            (dir.path() / "absent").string() + ": No such file or directory");
  const auto broken = dir.write("broken", "clusters: [\n");
  EXPECT_TRUE(
      error_of([&] { load_kubeconfig(broken); }).starts_with(broken.string() + ": not YAML"));
}

// A FIFO with no writer blocked the call for ever; /dev/zero as tokenFile grew without
// bound.
TEST(Kubeconfig, AFifoAHugeFileOrDevZeroFailsAtOnceNamingTheFile) {
  TempDir dir;
  const std::string fifo = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(error_of([&] { load_kubeconfig(fifo); }), fifo + ": not a regular file (a FIFO)");
  const auto huge = dir.write("huge", "");
  ASSERT_EQ(::truncate(huge.c_str(), (off_t{16} << 20) + 1), 0);
  EXPECT_EQ(error_of([&] { load_kubeconfig(huge); }), huge.string() + ": larger than 16 MiB");
  const auto zero_token =
      dir.write("zero", kubeconfig("    server: https://k8s:6443", "    tokenFile: /dev/zero"));
  EXPECT_EQ(error_of([&] { load_kubeconfig(zero_token); }),
            zero_token.string() +
                ": cannot read tokenFile /dev/zero: not a regular file (a character device)");
}

// ---- in-cluster ----

CredentialEnvironment in_cluster(const TempDir &dir, std::string host = "10.96.0.1") {
  return {.home = "",
          .service_host = std::move(host),
          .service_port = "443",
          .service_account_dir = dir.path()};
}

TEST(InCluster, ReadsTheServiceAccountTokenCaAndServer) {
  TempDir dir;
  dir.write("token", "sa-token");
  dir.write("ca.crt", "CA");
  const ApiAccess access = load_in_cluster(in_cluster(dir));
  EXPECT_EQ(access.server, "https://10.96.0.1:443");
  EXPECT_EQ(access.bearer_token, "sa-token");
  EXPECT_EQ(access.tls.ca.file, (dir.path() / "ca.crt").string());
}

TEST(InCluster, BracketsAnIpv6ServiceHost) {
  TempDir dir;
  dir.write("token", "sa-token");
  EXPECT_EQ(load_in_cluster(in_cluster(dir, "fd00::1")).server, "https://[fd00::1]:443");
}

TEST(InCluster, WithoutCaCrtTrustsTheSystemCas) {
  TempDir dir;
  dir.write("token", "sa-token");
  EXPECT_TRUE(load_in_cluster(in_cluster(dir)).tls.ca.empty());
}

TEST(InCluster, NeedsTheServiceEnvironmentAndToken) {
  TempDir dir;
  EXPECT_EQ(error_of([&] { load_in_cluster({.service_account_dir = dir.path()}); }),
            "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
            "KUBERNETES_SERVICE_PORT must be defined");
  EXPECT_EQ(error_of([&] { load_in_cluster(in_cluster(dir)); }),
            "cannot read the service account token " + (dir.path() / "token").string() +
                ": No such file or directory");
}

// ---- go-discover's order ----

TEST(ApiAccessOrder, TheKubeconfigKeyComesFirst) {
  TempDir home, sa;
  sa.write("token", "sa-token");
  const auto path = home.write("mine", kubeconfig("    server: https://mine:6443", "    token: t"));
  auto environment = in_cluster(sa);
  environment.home = home.path();
  EXPECT_EQ(find_api_access(path.string(), environment).server, "https://mine:6443");
}

TEST(ApiAccessOrder, ThenHomeKubeConfig) {
  TempDir home, sa;
  sa.write("token", "sa-token");
  home.write(".kube/config", kubeconfig("    server: https://home:6443", "    token: t"));
  auto environment = in_cluster(sa);
  environment.home = home.path();
  EXPECT_EQ(find_api_access("", environment).server, "https://home:6443");
}

TEST(ApiAccessOrder, ThenTheInClusterServiceAccount) {
  TempDir home, sa;
  sa.write("token", "sa-token");
  auto environment = in_cluster(sa);
  environment.home = home.path();
  EXPECT_EQ(find_api_access("", environment).bearer_token, "sa-token");
  // An explicit kubeconfig that fails falls back too, as in go-discover.
  EXPECT_EQ(find_api_access((home.path() / "absent").string(), environment).bearer_token,
            "sa-token");
}

TEST(ApiAccessOrder, WhenBothFailTheErrorCarriesBothReasons) {
  TempDir home;
  const CredentialEnvironment environment{.home = home.path(), .service_account_dir = home.path()};
  EXPECT_EQ(error_of([&] { find_api_access("", environment); }),
            "error loading kubeconfig and in-cluster auth. Kubeconfig error: " +
                (home.path() / ".kube/config").string() +
                ": No such file or directory. In-cluster auth error: unable to load in-cluster "
                "configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be "
                "defined");
}

}  // namespace
