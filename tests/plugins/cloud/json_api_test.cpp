// cloud::call_json_api, the one call every REST cloud makes, against a local server
// answering a script of answers (answers_api.py): the cloud's error document turned
// into the error, throttling waited out or refused when the deadline comes first,
// answers that are not JSON or do not end.
#include "json_api.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::cloud::ApiDialect;
using joinery::cloud::call_json_api;
using joinery::cloud::read_error;
using joinery::sdk::Status;
using joinery::test::HttpServer;
using joinery::test::thrown_error;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr ApiDialect dialect{
    "testcloud", "code", "message", "check the key", "check the scope", "check the project"};

HttpServer answering(json answers) {
  return HttpServer({.handler = joinery::test::source_dir() / "tests/plugins/cloud/answers_api.py",
                     .handler_config = {{"answers", std::move(answers)}}});
}

joinery::http::HttpRequest get(const HttpServer &server) {
  joinery::http::HttpRequest request;
  request.url = server.url("/api");
  request.bearer_token = "t0p-s3cret-t0ken";
  return request;
}

TEST(ReadError, TakesTheCodeAndMessageMembersOrTheErrorsList) {
  auto read = [](const char *text) { return read_error(json::parse(text), dialect); };
  EXPECT_EQ(read(R"({"code": "denied", "message": "no"})").code, "denied");
  EXPECT_EQ(read(R"({"code": "denied", "message": "no"})").message, "no");
  EXPECT_EQ(read(R"({"errors": ["one", "two"]})").message, "one; two");
  EXPECT_EQ(
      read(R"({"errors": [{"reason": "bad"}, {"field": "page", "reason": "too big"}]})").message,
      "bad; page: too big");
  EXPECT_EQ(read(R"({"code": 7, "errors": [3, null, {"reason": 5}]})").code, "");
  EXPECT_EQ(read(R"([1, 2])").message, "");
}

TEST(ReadError, AKindNamedDocumentGivesItsNameOrTitleAndMessage) {
  constexpr joinery::cloud::ApiDialect openstack{"os",    nullptr, nullptr, nullptr,
                                                 nullptr, nullptr, true};
  auto read = [&](const char *text) { return read_error(json::parse(text), openstack); };
  EXPECT_EQ(read(R"({"itemNotFound": {"code": 404, "message": "gone"}})").code, "itemNotFound");
  EXPECT_EQ(read(R"({"itemNotFound": {"code": 404, "message": "gone"}})").message, "gone");
  EXPECT_EQ(read(R"({"error": {"code": 401, "title": "Unauthorized", "message": "who"}})").code,
            "Unauthorized");
  EXPECT_EQ(read(R"({"a": {"message": "x"}, "b": {}})").code, "");
  EXPECT_EQ(read(R"({"error": "text"})").message, "");
}

TEST(CallJsonApi, AnErrorNamesTheRequestTheStatusTheCloudsCodeAndTheHint) {
  HttpServer server = answering(
      {{{"status", 403}, {"body", {{"code", "forbidden"}, {"message", "no read scope"}}}}});
  const auto error = thrown_error([&] { call_json_api(get(server), dialect, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_STREQ(error.what(), ("testcloud: GET " + server.url("/api") +
                              ": HTTP 403 Forbidden: forbidden: no read scope (check the scope)")
                                 .c_str());
}

TEST(CallJsonApi, AnErrorQuotingTheTokenBackMasksIt) {
  HttpServer server = answering(
      {{{"status", 401}, {"body", {{"message", "token t0p-s3cret-t0ken is not valid"}}}}});
  const auto error = thrown_error([&] { call_json_api(get(server), dialect, {}); });
  const std::string message = error.what();
  EXPECT_EQ(message.find("t0p-s3cret-t0ken"), std::string::npos) << message;
  EXPECT_NE(message.find("token *** is not valid (check the key)"), std::string::npos) << message;
}

TEST(CallJsonApi, ThrottlingIsRetriedAfterItsRetryAfter) {
  HttpServer server =
      answering({{{"status", 429}, {"headers", {{"Retry-After", "0"}}}, {"body", json::object()}},
                 {{"status", 503}, {"headers", {{"Retry-After", "0"}}}, {"body", "busy"}},
                 {{"status", 200}, {"body", {{"items", {1, 2}}}}}});
  const auto answer = call_json_api(get(server), dialect, {});
  EXPECT_EQ(answer.document, json({{"items", {1, 2}}}));
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(CallJsonApi, ThrottlingThatWouldOutlastTheDeadlineFailsAtOnce) {
  HttpServer server = answering({{{"status", 429},
                                  {"headers", {{"Retry-After", "3600"}}},
                                  {"body", {{"code", "too_many_requests"}}}}});
  const auto error =
      thrown_error([&] { call_json_api(get(server), dialect, joinery::test::deadline_in(20s)); });
  const std::string message = error.what();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(message.find("HTTP 429 Too Many Requests: too_many_requests (the API's rate limit is "
                         "spent; later attempts retry); not retried: waiting 3600000 ms would "
                         "pass the deadline"),
            std::string::npos)
      << message;
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(CallJsonApi, ACancelledCallStopsWaitingOutThrottling) {
  HttpServer server = answering(
      {{{"status", 429}, {"headers", {{"Retry-After", "3600"}}}, {"body", json::object()}}});
  joinery::sdk::CallBounds interruption;
  interruption.cancelled = [&] { return !server.requests().empty(); };
  const auto error = thrown_error([&] { call_json_api(get(server), dialect, interruption); });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
}

TEST(CallJsonApi, AnAnswerThatIsNotJsonIsAnError) {
  HttpServer server = answering({{{"status", 200}, {"body", "<html>maintenance</html>"}}});
  const auto error = thrown_error([&] { call_json_api(get(server), dialect, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what()).find(": the answer is not JSON: <html>maintenance</html>"),
            std::string::npos)
      << error.what();
}

TEST(CallJsonApi, AnAnswerLargerThan32MiBIsCutOff) {
  HttpServer server = answering({{{"status", 200}, {"body_bytes", (32 << 20) + 1}}});
  const auto error = thrown_error([&] { call_json_api(get(server), dialect, {}); });
  EXPECT_EQ(error.status(), Status::unavailable) << error.what();
}

TEST(CallJsonApi, HeadersCountPagesAndPagingStopsAfterMaxPages) {
  HttpServer server = answering(
      {{{"status", 200}, {"headers", {{"X-Total-Count", "12"}}}, {"body", json::array()}}});
  const auto answer = call_json_api(get(server), dialect, {});
  EXPECT_EQ(joinery::cloud::header_count(answer, "x-total-count"), 12);
  EXPECT_EQ(joinery::cloud::header_count(answer, "x-other"), std::nullopt);
  EXPECT_NO_THROW(joinery::cloud::check_page_count(joinery::cloud::max_pages, answer));
  const auto error = thrown_error(
      [&] { joinery::cloud::check_page_count(joinery::cloud::max_pages + 1, answer); });
  EXPECT_NE(std::string(error.what()).find("more than 1000 pages"), std::string::npos);
}

}  // namespace
