// Picking addresses out of JSON answers shaped like the services operators point at.
#include "json_addresses.hpp"

#include <gtest/gtest.h>
#include <joinery/plugin.hpp>

#include "base64.hpp"

namespace {

using joinery::http::AddressQuery;
using joinery::http::encode_base64;
using joinery::http::extract_addresses;
using joinery::sdk::Error;
using joinery::sdk::Status;
using Strings = std::vector<std::string>;

Strings addresses(std::string_view document, const AddressQuery &query = {}) {
  return extract_addresses(document, query).addresses;
}

Error error_of(std::string_view document, const AddressQuery &query) {
  try {
    extract_addresses(document, query);
  } catch (const Error &error) {
    return error;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(Status::ok, "");
}

// What GET /v1/catalog/service/consul answers (trimmed).
constexpr std::string_view consul_catalog = R"([
  {"Node": "server-1", "Address": "10.0.0.1", "ServiceAddress": "", "ServicePort": 8300},
  {"Node": "server-2", "Address": "10.0.0.2", "ServiceAddress": "10.1.0.2", "ServicePort": 8300},
  {"Node": "server-3", "Address": "fd00::3", "ServiceAddress": "", "ServicePort": 8300}
])";

TEST(JsonAddresses, ReadsAPlainArrayOfStrings) {
  EXPECT_EQ(addresses(R"(["10.0.0.1", "10.0.0.2:8301", "[::1]:8301"])"),
            (Strings{"10.0.0.1", "10.0.0.2:8301", "[::1]:8301"}));
}

TEST(JsonAddresses, AppendsThePortToAddressesWithoutOneBracketingIpv6) {
  EXPECT_EQ(addresses(R"(["10.0.0.1", "10.0.0.2:9000", "::1", "[::2]"])", {.port = 8301}),
            (Strings{"10.0.0.1:8301", "10.0.0.2:9000", "[::1]:8301", "[::2]:8301"}));
}

TEST(JsonAddresses, ReadsAMemberOfEachObjectInAConsulCatalogAnswer) {
  EXPECT_EQ(addresses(consul_catalog, {.fields = {"Address"}, .port = 8301}),
            (Strings{"10.0.0.1:8301", "10.0.0.2:8301", "[fd00::3]:8301"}));
}

TEST(JsonAddresses, TriesFieldsInOrderAndTakesThePortFromAField) {
  EXPECT_EQ(addresses(consul_catalog,
                      {.fields = {"ServiceAddress", "Address"}, .port_fields = {"ServicePort"}}),
            (Strings{"10.0.0.1:8300", "10.1.0.2:8300", "[fd00::3]:8300"}));
}

TEST(JsonAddresses, FieldsMayBePointersInsideEachObject) {
  // GET /v1/health/service/consul?passing
  constexpr std::string_view health = R"([
    {"Node": {"Address": "10.0.0.1"}, "Service": {"Address": "", "Port": 8301}},
    {"Node": {"Address": "10.0.0.2"}, "Service": {"Address": "10.1.0.2", "Port": "8302"}}
  ])";
  EXPECT_EQ(addresses(health, {.fields = {"/Service/Address", "/Node/Address"},
                               .port_fields = {"/Service/Port"}}),
            (Strings{"10.0.0.1:8301", "10.1.0.2:8302"}));
}

TEST(JsonAddresses, FollowsTheJsonPointer) {
  EXPECT_EQ(addresses(R"({"data": {"peers": ["10.0.0.1", "10.0.0.2"]}})",
                      {.json_pointer = "/data/peers"}),
            (Strings{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(addresses(R"({"data": {"peers": ["10.0.0.1", "10.0.0.2"]}})",
                      {.json_pointer = "/data/peers/1"}),
            (Strings{"10.0.0.2"}));
}

TEST(JsonAddresses, DecodesBase64ValuesOfAnEtcdRangeAnswer) {
  const std::string answer = R"({"header": {"revision": "4"}, "kvs": [
      {"key": ")" + encode_base64("/joinery/peers/a") +
                             R"(", "value": ")" + encode_base64("10.0.0.1:8301") + R"("},
      {"key": ")" + encode_base64("/joinery/peers/b") +
                             R"(", "value": ")" + encode_base64("[::1]:8301") +
                             R"("}], "count": "2"})";
  EXPECT_EQ(addresses(answer, {.json_pointer = "/kvs", .fields = {"value"}, .base64 = true}),
            (Strings{"10.0.0.1:8301", "[::1]:8301"}));
}

TEST(JsonAddresses, AStringMayHoldSeveralAddresses) {
  EXPECT_EQ(addresses(R"({"peers": "10.0.0.1, 10.0.0.2\n10.0.0.3"})", {.json_pointer = "/peers"}),
            (Strings{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
}

TEST(JsonAddresses, NullAndEmptyArraysGiveNothing) {
  EXPECT_TRUE(addresses("[]").empty());
  EXPECT_TRUE(addresses(R"({"peers": null})", {.json_pointer = "/peers"}).empty());
}

TEST(JsonAddresses, ObjectsWithoutAnAddressAreSkippedWithAReason) {
  const auto found = extract_addresses(R"([{"Address": "10.0.0.1"}, {"Address": ""}, {}])",
                                       {.fields = {"Address"}});
  EXPECT_EQ(found.addresses, (Strings{"10.0.0.1"}));
  EXPECT_EQ(found.skipped, (Strings{"/1: no address (a non-empty string) in Address",
                                    "/2: no address (a non-empty string) in Address"}));
}

TEST(JsonAddresses, ObjectsWithABadPortAreSkipped) {
  const auto found = extract_addresses(
      R"([{"A": "10.0.0.1", "P": 70000}, {"A": "10.0.0.2", "P": "x"}, {"A": "10.0.0.3", "P": 1}])",
      {.fields = {"A"}, .port_fields = {"P"}});
  EXPECT_EQ(found.addresses, (Strings{"10.0.0.3:1"}));
  EXPECT_EQ(found.skipped.size(), 2u);
  EXPECT_EQ(found.skipped[0], "/0: P holds 70000, not a port (1-65535)");
}

TEST(JsonAddresses, ValuesThatAreNotBase64AreSkipped) {
  const auto found = extract_addresses(R"(["MTAuMC4wLjE=", "not base64!"])", {.base64 = true});
  EXPECT_EQ(found.addresses, (Strings{"10.0.0.1"}));
  EXPECT_EQ(found.skipped, (Strings{"/1: \"not base64!\" is not base64"}));
}

TEST(JsonAddresses, NothingAtThePointerIsNotFoundListingTheMembers) {
  // etcd leaves kvs out when no key matches.
  const Error error = error_of(R"({"header": {}, "count": "0"})", {.json_pointer = "/kvs"});
  EXPECT_EQ(error.status(), Status::not_found);
  EXPECT_EQ(std::string(error.what()),
            "nothing at json_pointer /kvs in the answer (its members are count, header)");
}

TEST(JsonAddresses, AnswerThatIsNotJsonIsAnError) {
  const Error error = error_of("<html>oops</html>", {});
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_EQ(std::string(error.what()), "the answer is not JSON (it starts \"<html>oops</html>\")");
}

TEST(JsonAddresses, ObjectsWithoutFieldAreAnErrorNamingTheirMembers) {
  const Error error = error_of(consul_catalog, {});
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_EQ(std::string(error.what()),
            "/0 is an object: set `field` to the member holding the address (its members are "
            "Address, Node, ServiceAddress, ServicePort)");
}

TEST(JsonAddresses, StringsWithFieldAreAnError) {
  EXPECT_EQ(std::string(error_of(R"(["10.0.0.1"])", {.fields = {"Address"}}).what()),
            "/0 is a string, not an object: `field` applies to objects only");
}

TEST(JsonAddresses, NumbersAreAnError) {
  EXPECT_EQ(std::string(error_of(R"([1])", {}).what()), "/0 is number, not a string or an object");
}

TEST(JsonAddresses, PointerSyntaxIsChecked) {
  EXPECT_FALSE(joinery::http::json_pointer_problem("/kvs/0/value"));
  EXPECT_FALSE(joinery::http::json_pointer_problem(""));
  EXPECT_TRUE(joinery::http::json_pointer_problem("kvs"));
  EXPECT_TRUE(joinery::http::json_pointer_problem("/a~2"));
}

}  // namespace
