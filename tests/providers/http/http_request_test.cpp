// The shared libcurl request against a real python3 HTTP(S) server on loopback.
#include "http_request.hpp"

#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "support/file_text.hpp"
#include "support/http_server.hpp"
#include "support/loopback.hpp"
#include "support/thrown_error.hpp"
#include "support/tls_certificates.hpp"

namespace {

using joinery::http::HttpRequest;
using joinery::http::Interruption;
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
      perform({.url = server.url("/v3/kv/range"), .post_body = R"({"key":"YQ=="})"}, {});
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
  EXPECT_EQ(joinery::http::describe_request({.url = "http://example.com/p", .post_body = "{}"}),
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

}  // namespace
