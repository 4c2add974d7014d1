// The shared libcurl request against a real python3 HTTP(S) server on loopback.
#include "http_request.hpp"

#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "support/child_process.hpp"
#include "support/file_text.hpp"
#include "support/http_server.hpp"
#include "support/loopback.hpp"
#include "support/paths.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"
#include "support/thrown_error.hpp"
#include "support/tls_certificates.hpp"

namespace {

using joinery::http::HttpRequest;
using joinery::http::perform;
using joinery::sdk::Error;
using joinery::sdk::Status;
using joinery::test::HttpServer;
using joinery::test::thrown_error;
using joinery::test::TlsCertificates;
using nlohmann::json;
using namespace std::chrono_literals;

const json peers = json::array({"10.0.0.1:8301", "10.0.0.2:8301"});

json route(std::string path, json answer, json extra = json::object()) {
  json out = {{"path", std::move(path)}, {"answer", std::move(answer)}};
  out.update(extra);
  return out;
}

TEST(HttpRequest, ReturnsTheBodyOfA200Answer) {
  HttpServer server({.routes = {route("/peers", peers)}});
  const auto response = perform({.url = server.url("/peers")}, {});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body), peers);
}

TEST(HttpRequest, SendsTheBearerTokenAndExtraHeaders) {
  HttpServer server(
      {.routes = {route("/peers", peers, {{"headers", {{"Authorization", "Bearer s3cret"}}}})}});
  perform({.url = server.url("/peers"),
           .headers = {"X-Consul-Namespace: team-a", "Accept: application/vnd.x+json"},
           .bearer_token = "s3cret"},
          {});
  const auto sent = server.requests().at(0)["headers"];
  EXPECT_EQ(sent["X-Consul-Namespace"], "team-a");
  EXPECT_EQ(sent["Accept"], "application/vnd.x+json");  // replaces the default
}

TEST(HttpRequest, PostsTheBodyAsJson) {
  HttpServer server({.routes = {route("/v3/kv/range", peers,
                                      {{"method", "POST"}, {"body", R"({"key":"YQ=="})"}})}});
  const auto response =
      perform({.url = server.url("/v3/kv/range"), .body = R"({"key":"YQ=="})"}, {});
  EXPECT_EQ(json::parse(response.body), peers);
  EXPECT_EQ(server.requests().at(0)["headers"]["Content-Type"], "application/json");
}

TEST(HttpRequest, NonSuccessStatusIsAnErrorNamingTheUrlAndStatusButNotTheToken) {
  HttpServer server({.routes = {route("/peers", R"({"error":"leader lost"})",
                                      {{"status", 503}, {"reason", "Service Unavailable"}})}});
  const Error error =
      thrown_error([&] { perform({.url = server.url("/peers"), .bearer_token = "s3cret"}, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_EQ(
      std::string(error.what()),
      "GET " + server.url("/peers") + R"(: HTTP 503 Service Unavailable: {"error":"leader lost"})");
}

TEST(HttpRequest, UnauthorizedIsAnError) {
  HttpServer server(
      {.routes = {route("/peers", peers, {{"headers", {{"Authorization", "Bearer right"}}}})}});
  const Error error =
      thrown_error([&] { perform({.url = server.url("/peers"), .bearer_token = "t0ken-42"}, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what()).find("HTTP 401 Unauthorized"), std::string::npos);
  EXPECT_EQ(std::string(error.what()).find("t0ken-42"), std::string::npos);
}

TEST(HttpRequest, FollowsRedirects) {
  HttpServer server({.routes = {route("/old", "", {{"status", 302}, {"location", "/peers"}}),
                                route("/peers", peers)}});
  EXPECT_EQ(json::parse(perform({.url = server.url("/old")}, {}).body), peers);
}

// ---- redirects: what the request carries goes only to the configured origin ----

// Every header value and the whole of every request `server` received, as one text.
std::string everything_received(const HttpServer &server) {
  std::string out;
  for (const json &request : server.requests()) out += request.dump() + "\n";
  return out;
}

const std::vector<std::string> secret_headers = {"X-Api-Key: k3y-0f-the-origin",
                                                 "Cookie: session=c00kie-0f-the-origin"};

TEST(HttpRequest, ARedirectToAnotherOriginCarriesNoHeaderTokenOrUrlPassword) {
  // Two servers on loopback: other ports are other origins.
  HttpServer other({.routes = {route("/peers", peers)}});
  HttpServer configured(
      {.routes = {route("/old", "", {{"status", 302}, {"location", other.url("/peers")}})}});
  std::string url = configured.url("/old");
  url.replace(url.find("://") + 3, 0, "bob:pa55-0f-the-origin@");

  const auto response =
      perform({.url = url, .headers = secret_headers, .bearer_token = "t0ken-0f-the-origin"}, {});

  EXPECT_EQ(json::parse(response.body), peers);  // the redirect was followed
  ASSERT_EQ(other.requests().size(), 1U);
  const json headers = other.requests().at(0)["headers"];
  EXPECT_FALSE(headers.contains("X-Api-Key")) << headers;
  EXPECT_FALSE(headers.contains("Cookie")) << headers;
  EXPECT_FALSE(headers.contains("Authorization")) << headers;
  const std::string received = everything_received(other);
  for (const char *secret : {"k3y-0f-the-origin", "c00kie-0f-the-origin", "t0ken-0f-the-origin",
                             "pa55-0f-the-origin", "Ym9iOnBhNTUtMGYtdGhlLW9yaWdpbg=="}) {
    EXPECT_EQ(received.find(secret), std::string::npos) << secret << " in " << received;
  }
  // ... while the configured origin got all of them.
  const json sent = configured.requests().at(0)["headers"];
  EXPECT_EQ(sent["X-Api-Key"], "k3y-0f-the-origin");
  EXPECT_EQ(sent["Cookie"], "session=c00kie-0f-the-origin");
  EXPECT_EQ(sent["Authorization"], "Bearer t0ken-0f-the-origin");
}

TEST(HttpRequest, ARedirectOnTheConfiguredOriginKeepsEverySecret) {
  HttpServer server({.routes = {route("/old", "", {{"status", 302}, {"location", "/peers"}}),
                                route("/peers", peers,
                                      {{"headers",
                                        {{"X-Api-Key", "k3y-0f-the-origin"},
                                         {"Authorization", "Bearer t0ken-0f-the-origin"}}}})}});
  const auto response = perform(
      {.url = server.url("/old"), .headers = secret_headers, .bearer_token = "t0ken-0f-the-origin"},
      {});
  EXPECT_EQ(json::parse(response.body), peers);
  ASSERT_EQ(server.requests().size(), 2U);
  EXPECT_EQ(server.requests().at(1)["headers"]["Cookie"], "session=c00kie-0f-the-origin");
}

TEST(HttpRequest, ARedirectOnTheConfiguredOriginKeepsTheUrlPassword) {
  HttpServer server(
      {.routes = {
           route("/old", "", {{"status", 302}, {"location", "/peers"}}),
           route("/peers", peers,
                 {{"headers", {{"Authorization", "Basic Ym9iOnBhNTUtMGYtdGhlLW9yaWdpbg=="}}}})}});
  std::string url = server.url("/old");
  url.replace(url.find("://") + 3, 0, "bob:pa55-0f-the-origin@");
  EXPECT_EQ(json::parse(perform({.url = url}, {}).body), peers);
}

TEST(HttpRequest, AChainThatLeftTheOriginComesBackWithoutSecrets) {
  HttpServer configured({.routes = {route("/peers", peers)}});
  HttpServer other({.routes = {route("/bounce", "",
                                     {{"status", 302}, {"location", configured.url("/peers")}})}});
  // The configured origin sends the client away, and the other server sends it back.
  HttpServer first(
      {.routes = {route("/old", "", {{"status", 302}, {"location", other.url("/bounce")}})}});
  const std::string url = first.url("/old");
  perform({.url = url, .headers = secret_headers, .bearer_token = "t0ken-0f-the-origin"}, {});
  ASSERT_EQ(other.requests().size(), 1U);
  EXPECT_EQ(everything_received(other).find("0f-the-origin"), std::string::npos);
  ASSERT_EQ(configured.requests().size(), 1U);
  EXPECT_EQ(everything_received(configured).find("0f-the-origin"), std::string::npos);
}

TEST(HttpRequest, TheOtherOriginsRefusalSaysTheSecretsWereNotSentThere) {
  HttpServer other(
      {.routes = {route("/peers", peers, {{"headers", {{"X-Api-Key", "k3y-0f-the-origin"}}}})}});
  HttpServer configured(
      {.routes = {route("/old", "", {{"status", 302}, {"location", other.url("/peers")}})}});
  const Error error = thrown_error(
      [&] { perform({.url = configured.url("/old"), .headers = secret_headers}, {}); });
  const std::string message = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(message.find("HTTP 401 Unauthorized"), std::string::npos) << message;
  EXPECT_NE(message.find("(from http://127.0.0.1:" + std::to_string(other.port()) +
                         ", after a redirect away from the configured origin"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("0f-the-origin"), std::string::npos) << message;
}

TEST(HttpRequest, A302TurnsAPostIntoAGetAndA307RepeatsIt) {
  HttpServer server(
      {.routes = {
           route("/found", "", {{"method", "POST"}, {"status", 302}, {"location", "/peers"}}),
           route("/temporary", "", {{"method", "POST"}, {"status", 307}, {"location", "/range"}}),
           route("/peers", peers), route("/range", peers, {{"method", "POST"}, {"body", "{}"}})}});
  perform({.url = server.url("/found"), .body = "{}"}, {});
  perform({.url = server.url("/temporary"), .body = "{}"}, {});
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4U);
  EXPECT_EQ(requests.at(1)["method"], "GET");
  EXPECT_EQ(requests.at(3)["method"], "POST");
  EXPECT_EQ(requests.at(3)["body"], "{}");
}

TEST(HttpRequest, FollowsAtMostFiveRedirects) {
  HttpServer server({.routes = {route("/loop", "", {{"status", 302}, {"location", "/loop"}})}});
  const Error error = thrown_error([&] { perform({.url = server.url("/loop")}, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what()).find("Maximum (5) redirects followed"), std::string::npos)
      << error.what();
  EXPECT_EQ(server.requests().size(), 6U);
}

TEST(HttpRequest, AServerEchoingTheBasicCredentialOrThePasswordIsMasked) {
  HttpServer server(
      {.routes = {route("/peers",
                        "you sent Basic Ym9iOnBhNTUtMGYtdGhlLW9yaWdpbg== (pa55-0f-the-origin)",
                        {{"status", 403}, {"content_type", "text/plain"}})}});
  std::string url = server.url("/peers");
  url.replace(url.find("://") + 3, 0, "bob:pa55-0f-the-origin@");
  const std::string message = thrown_error([&] { perform({.url = url}, {}); }).what();
  EXPECT_NE(message.find("you sent Basic *** (***)"), std::string::npos) << message;
  EXPECT_EQ(message.find("0f-the-origin"), std::string::npos) << message;
  EXPECT_EQ(message.find("Ym9iOnBhNTU"), std::string::npos) << message;
}

TEST(HttpRequest, SendsBasicAuthAndMasksItsPasswordInAnswers) {
  HttpServer server(
      {.routes = {
           route("/peers", "you sent pa55-0f-the-origin",
                 {{"status", 403},
                  {"content_type", "text/plain"},
                  {"headers", {{"Authorization", "Basic Ym9iOnBhNTUtMGYtdGhlLW9yaWdpbg=="}}}})}});
  const std::string message =
      thrown_error([&] {
        perform({.url = server.url("/peers"), .basic_auth = {"bob", "pa55-0f-the-origin"}}, {});
      }).what();
  EXPECT_NE(message.find("HTTP 403"), std::string::npos) << message;  // not 401: it was sent
  EXPECT_NE(message.find("you sent ***"), std::string::npos) << message;
  EXPECT_EQ(message.find("0f-the-origin"), std::string::npos) << message;
}

TEST(HttpRequest, BasicAuthIsNotSentAfterARedirectToAnotherOrigin) {
  HttpServer other({.routes = {route("/peers", peers)}});
  HttpServer configured(
      {.routes = {route("/old", "", {{"status", 302}, {"location", other.url("/peers")}})}});
  perform({.url = configured.url("/old"), .basic_auth = {"bob", "pa55-0f-the-origin"}}, {});
  EXPECT_EQ(configured.requests().at(0)["headers"]["Authorization"],
            "Basic Ym9iOnBhNTUtMGYtdGhlLW9yaWdpbg==");
  EXPECT_FALSE(other.requests().at(0)["headers"].contains("Authorization"));
}

TEST(HttpRequest, PutWithoutABodySendsContentLengthZeroAndNoContentType) {
  // IMDSv2's token request: PUT with headers only.
  HttpServer server({.routes = {route("/latest/api/token", "t0ken", {{"method", "PUT"}})}});
  const auto response = perform({.url = server.url("/latest/api/token"),
                                 .method = "PUT",
                                 .headers = {"X-aws-ec2-metadata-token-ttl-seconds: 21600"}},
                                {});
  EXPECT_EQ(response.body, "t0ken");
  const json sent = server.requests().at(0);
  EXPECT_EQ(sent["method"], "PUT");
  EXPECT_EQ(sent["headers"]["Content-Length"], "0");
  EXPECT_FALSE(sent["headers"].contains("Content-Type")) << sent;
}

TEST(HttpRequest, PostsAFormBodyWithItsContentType) {
  HttpServer server({.routes = {route("/token", peers, {{"method", "POST"}})}});
  perform({.url = server.url("/token"),
           .body = "grant_type=client_credentials",
           .content_type = "application/x-www-form-urlencoded"},
          {});
  const json sent = server.requests().at(0);
  EXPECT_EQ(sent["headers"]["Content-Type"], "application/x-www-form-urlencoded");
  EXPECT_EQ(sent["body"], "grant_type=client_credentials");
}

TEST(HttpRequest, ReturnsErrorAnswersWhenAskedWithTheirHeadersAndBody) {
  HttpServer server({.routes = {route("/api", json{{"Error", {{"Code", "AuthFailure"}}}},
                                      {{"status", 401}, {"reason", "Unauthorized"}})}});
  const auto response = perform({.url = server.url("/api"), .returns_error_answers = true}, {});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.reason, "Unauthorized");
  EXPECT_EQ(json::parse(response.body)["Error"]["Code"], "AuthFailure");
  EXPECT_EQ(response.header("content-type"), "application/json");
}

TEST(HttpRequest, FollowsAPagedApiThroughItsAnswerHeaders) {
  // The server's handler module answers pages: the headers of each answer name the next.
  HttpServer server({.handler = joinery::test::source_dir() / "tests/plugins/http/paged_api.py",
                     .handler_config = {{"pages", 3}}});
  std::vector<std::string> items;
  for (std::optional<std::string> url = server.url("/items"); url;) {
    const auto response = perform({.url = *url}, {});
    items.push_back(json::parse(response.body)["items"].at(0));
    url = response.header("x-next-page");
  }
  EXPECT_EQ(items, (std::vector<std::string>{"item-1", "item-2", "item-3"}));
}

TEST(HttpRequest, UnknownPathIs404) {
  HttpServer server({.routes = {route("/peers", peers)}});
  const Error error = thrown_error([&] { perform({.url = server.url("/nope")}, {}); });
  EXPECT_NE(std::string(error.what()).find("HTTP 404"), std::string::npos);
}

TEST(HttpRequest, RefusedConnectionIsUnavailableNamingTheUrl) {
  const std::string url = "http://127.0.0.1:" + std::to_string(joinery::test::free_port()) + "/x";
  const Error error = thrown_error([&] { perform({.url = url}, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_TRUE(std::string(error.what()).starts_with("GET " + url + ": ")) << error.what();
}

TEST(HttpRequest, ServerThatNeverAnswersTimesOut) {
  HttpServer server({.routes = {route("/peers", peers, {{"hang", true}})}});
  const Error error =
      thrown_error([&] { perform({.url = server.url("/peers"), .timeout = 300ms}, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_EQ(std::string(error.what()),
            "GET " + server.url("/peers") + ": no answer within 300ms (timeout)");
}

TEST(HttpRequest, TheCallsDeadlineCutsTheTimeoutShort) {
  HttpServer server({.routes = {route("/peers", peers, {{"hang", true}})}});
  const Error error = thrown_error([&] {
    perform({.url = server.url("/peers"), .timeout = 60s},
            {.deadline = std::chrono::steady_clock::now() + 200ms});
  });
  EXPECT_EQ(error.status(), Status::cancelled);
  EXPECT_TRUE(
      std::string(error.what())
          .starts_with("GET " + server.url("/peers") + ": no answer before the call's deadline ("))
      << error.what();
}

TEST(HttpRequest, APassedDeadlineSendsNothing) {
  HttpServer server({.routes = {route("/peers", peers)}});
  const Error error = thrown_error([&] {
    perform({.url = server.url("/peers")}, {.deadline = std::chrono::steady_clock::now()});
  });
  EXPECT_EQ(error.status(), Status::cancelled);
  EXPECT_TRUE(server.requests().empty());
}

TEST(HttpRequest, TheCancelFdStopsAWaitingTransfer) {
  HttpServer server({.routes = {route("/peers", peers, {{"hang", true}})}});
  const int cancel = ::eventfd(0, EFD_CLOEXEC);
  std::thread canceller([&] {
    while (server.requests().empty()) {
      std::this_thread::sleep_for(5ms);
    }
    const std::uint64_t one = 1;
    EXPECT_EQ(::write(cancel, &one, sizeof one), static_cast<ssize_t>(sizeof one));
  });
  const Error error = thrown_error(
      [&] { perform({.url = server.url("/peers"), .timeout = 60s}, {.cancel_fd = cancel}); });
  canceller.join();
  ::close(cancel);
  EXPECT_EQ(error.status(), Status::cancelled);
  EXPECT_EQ(std::string(error.what()), "GET " + server.url("/peers") + ": cancelled");
}

TEST(HttpRequest, TheCancellationFlagStopsAWaitingTransfer) {
  HttpServer server({.routes = {route("/peers", peers, {{"hang", true}})}});
  std::atomic<bool> cancelled = false;
  std::thread canceller([&] {
    while (server.requests().empty()) {
      std::this_thread::sleep_for(5ms);
    }
    cancelled = true;
  });
  const Error error = thrown_error([&] {
    perform({.url = server.url("/peers"), .timeout = 60s},
            {.cancelled = [&] { return cancelled.load(); }});
  });
  canceller.join();
  EXPECT_EQ(error.status(), Status::cancelled);
}

TEST(HttpRequest, AnswersLargerThanTheLimitAreRefused) {
  HttpServer server({.routes = {route("/peers", std::string(4096, 'x'))}});
  const Error error =
      thrown_error([&] { perform({.url = server.url("/peers"), .max_body_bytes = 1024}, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what()).find("larger than 1024 bytes"), std::string::npos);
}

TEST(HttpRequest, HeaderWithALineBreakIsInvalidConfig) {
  const Error error = thrown_error([&] {
    perform({.url = "http://127.0.0.1:1/", .headers = {"X-A: 1", "X-B: s3cret\r\nX-C: 2"}}, {});
  });
  EXPECT_EQ(error.status(), Status::invalid_config);
  EXPECT_EQ(std::string(error.what()),
            "GET http://127.0.0.1:1/: header 2 is not of the form \"Name: value\" on one line");
}

TEST(HttpRequest, PasswordInTheUrlIsMaskedInMessages) {
  EXPECT_EQ(joinery::http::describe_request({.url = "https://bob:hunter2@example.com/peers"}),
            "GET https://bob:xxxxx@example.com/peers");
  EXPECT_EQ(joinery::http::describe_request({.url = "http://example.com/p", .body = "{}"}),
            "POST http://example.com/p");
}

TEST(HttpRequest, ServesOverIpv6Loopback) {
  HttpServer server({.routes = {route("/peers", peers)}, .host = "::1"});
  EXPECT_EQ(json::parse(perform({.url = server.url("/peers")}, {}).body), peers);
}

// ---- TLS, with a CA the test makes ----

class HttpsRequest : public ::testing::Test {
 protected:
  TlsCertificates certs;
  HttpServer server{
      {.routes = {route("/peers", peers), route("/mutual", peers, {{"client_cert", true}})},
       .cert = certs.server_cert(),
       .key = certs.server_key(),
       .client_ca = certs.ca_cert()}};
};

TEST_F(HttpsRequest, TrustsTheServerThroughCaFile) {
  const auto response =
      perform({.url = server.url("/peers"), .tls = {.ca = {.file = certs.ca_cert()}}}, {});
  EXPECT_EQ(json::parse(response.body), peers);
}

TEST_F(HttpsRequest, TrustsTheServerThroughInlineCaPem) {
  const auto response = perform({.url = server.url("/peers"),
                                 .tls = {.ca = {.pem = joinery::test::file_text(certs.ca_cert())}}},
                                {});
  EXPECT_EQ(json::parse(response.body), peers);
}

TEST_F(HttpsRequest, RefusesAServerSignedByAnotherCa) {
  const Error error = thrown_error([&] {
    perform({.url = server.url("/peers"), .tls = {.ca = {.file = certs.other_ca_cert()}}}, {});
  });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what()).find("certificate"), std::string::npos) << error.what();
}

TEST_F(HttpsRequest, InsecureSkipsVerification) {
  const auto response = perform({.url = server.url("/peers"), .tls = {.insecure = true}}, {});
  EXPECT_EQ(json::parse(response.body), peers);
}

TEST_F(HttpsRequest, PresentsAClientCertificateFromFiles) {
  const auto response = perform({.url = server.url("/mutual"),
                                 .tls = {.ca = {.file = certs.ca_cert()},
                                         .client_certificate = {.file = certs.client_cert()},
                                         .client_key = {.file = certs.client_key()}}},
                                {});
  EXPECT_EQ(json::parse(response.body), peers);
  EXPECT_EQ(server.requests().at(0)["client_cert"], true);
}

TEST_F(HttpsRequest, PresentsAClientCertificateFromInlinePem) {
  const auto response =
      perform({.url = server.url("/mutual"),
               .tls = {.ca = {.file = certs.ca_cert()},
                       .client_certificate = {.pem = joinery::test::file_text(certs.client_cert())},
                       .client_key = {.pem = joinery::test::file_text(certs.client_key())}}},
              {});
  EXPECT_EQ(json::parse(response.body), peers);
}

TEST_F(HttpsRequest, WithoutAClientCertificateTheServerRefuses) {
  const Error error = thrown_error([&] {
    perform({.url = server.url("/mutual"), .tls = {.ca = {.file = certs.ca_cert()}}}, {});
  });
  EXPECT_NE(std::string(error.what()).find("HTTP 401"), std::string::npos);
}

// With no CA of its own the client trusts the system's, which an operator points at a
// private CA as Go programs (go-discover, Consul) read it: $SSL_CERT_FILE, $SSL_CERT_DIR.
TEST_F(HttpsRequest, WithoutACaTheSystemsCasRefuseTheTestsCa) {
  const joinery::test::ScopedEnv file("SSL_CERT_FILE", nullptr);
  const joinery::test::ScopedEnv dir("SSL_CERT_DIR", nullptr);
  const Error error = thrown_error([&] { perform({.url = server.url("/peers")}, {}); });
  EXPECT_NE(std::string(error.what()).find("certificate"), std::string::npos) << error.what();
}

TEST_F(HttpsRequest, TrustsTheCaInSslCertFileAsGoDoes) {
  const joinery::test::ScopedEnv file("SSL_CERT_FILE", certs.ca_cert().c_str());
  EXPECT_EQ(json::parse(perform({.url = server.url("/peers")}, {}).body), peers);
}

TEST_F(HttpsRequest, TrustsTheCasInSslCertDirAsGoDoes) {
  joinery::test::TempDir dir;
  std::filesystem::copy_file(certs.ca_cert(), dir.path() / "ca.pem");
  ASSERT_EQ(joinery::test::run({"openssl", "rehash", dir.path().string()}, 30s).status, 0);
  const joinery::test::ScopedEnv file("SSL_CERT_FILE", certs.other_ca_cert().c_str());
  const joinery::test::ScopedEnv path("SSL_CERT_DIR", dir.path().c_str());
  EXPECT_EQ(json::parse(perform({.url = server.url("/peers")}, {}).body), peers);
}

TEST_F(HttpsRequest, ACaOfTheRequestsOwnWinsOverSslCertFile) {
  const joinery::test::ScopedEnv file("SSL_CERT_FILE", certs.other_ca_cert().c_str());
  const auto response =
      perform({.url = server.url("/peers"), .tls = {.ca = {.file = certs.ca_cert()}}}, {});
  EXPECT_EQ(json::parse(response.body), peers);
}

TEST_F(HttpsRequest, AnSslCertFileThatIsNotAFileFailsNamingTheVariable) {
  const joinery::test::ScopedEnv file("SSL_CERT_FILE", "/dev/zero");
  const Error error = thrown_error([&] { perform({.url = server.url("/peers")}, {}); });
  EXPECT_NE(
      std::string(error.what()).find("cannot read SSL_CERT_FILE /dev/zero: not a regular file"),
      std::string::npos)
      << error.what();
}

// What the redirect rule and the azure provider's nextLink rule compare: a link that
// spells out the default port, or writes the host in capitals, is on the same origin.
TEST(HttpRequest, AnOriginSpellsOutTheDefaultPortAndLowerCasesTheHost) {
  EXPECT_EQ(joinery::http::origin_of("https://Management.Azure.com/subscriptions?x=1"),
            "https://management.azure.com:443");
  EXPECT_EQ(joinery::http::origin_of("https://management.azure.com:443/a"),
            joinery::http::origin_of("https://management.azure.com/b"));
  EXPECT_EQ(joinery::http::origin_of("http://[::1]:8080/x"), "http://[::1]:8080");
  EXPECT_NE(joinery::http::origin_of("https://management.azure.com.evil/"),
            joinery::http::origin_of("https://management.azure.com/"));
  EXPECT_EQ(joinery::http::origin_of("management.azure.com/no-scheme"), "");
}

}  // namespace
