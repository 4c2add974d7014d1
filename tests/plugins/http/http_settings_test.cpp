// The http provider's keys: what an operator's values turn into, and what is refused.
#include "http_settings.hpp"

#include <gtest/gtest.h>

#include "support/plugin_config.hpp"

namespace {

using joinery::http::read_http_settings;
using joinery::sdk::Error;
using joinery::sdk::Status;
using joinery::test::PluginConfig;
using namespace std::chrono_literals;

std::string problem(const PluginConfig &config) {
  try {
    read_http_settings(config.view());
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), Status::invalid_config);
    return error.what();
  }
  return "no error";
}

TEST(HttpSettings, ReadsEveryKey) {
  const PluginConfig config{{"url", "https://consul.internal:8501/v1/catalog/service/consul"},
                            {"json_pointer", "/items"},
                            {"field", "ServiceAddress, Address"},
                            {"port_field", "ServicePort"},
                            {"port", "8301"},
                            {"decode", "base64"},
                            {"body", R"({"key":"YQ=="})"},
                            {"header", "X-Consul-Namespace: ops, Accept: application/json"},
                            {"bearer_token", "s3cret"},
                            {"ca_file", "/etc/ca.pem"},
                            {"cert_file", "/etc/c.pem"},
                            {"key_file", "/etc/k.pem"},
                            {"insecure", "true"},
                            {"timeout", "1m30s"}};
  const auto settings = read_http_settings(config.view());
  EXPECT_EQ(settings.request.url, "https://consul.internal:8501/v1/catalog/service/consul");
  EXPECT_EQ(settings.request.body, R"({"key":"YQ=="})");
  EXPECT_EQ(settings.request.headers,
            (std::vector<std::string>{"X-Consul-Namespace: ops", "Accept: application/json"}));
  EXPECT_EQ(settings.request.bearer_token, "s3cret");
  EXPECT_EQ(settings.request.tls.ca.file, "/etc/ca.pem");
  EXPECT_EQ(settings.request.tls.client_certificate.file, "/etc/c.pem");
  EXPECT_EQ(settings.request.tls.client_key.file, "/etc/k.pem");
  EXPECT_TRUE(settings.request.tls.insecure);
  EXPECT_EQ(settings.request.timeout, 90s);
  EXPECT_EQ(settings.query.json_pointer, "/items");
  EXPECT_EQ(settings.query.fields, (std::vector<std::string>{"ServiceAddress", "Address"}));
  EXPECT_EQ(settings.query.port_fields, (std::vector<std::string>{"ServicePort"}));
  EXPECT_EQ(settings.query.port, 8301);
  EXPECT_TRUE(settings.query.base64);
}

TEST(HttpSettings, DefaultsToAGetOfAPlainList) {
  const auto settings = read_http_settings(PluginConfig{{"url", "http://h/p"}}.view());
  EXPECT_FALSE(settings.request.body);
  EXPECT_EQ(settings.request.timeout, 10s);
  EXPECT_EQ(settings.query.json_pointer, "");
  EXPECT_FALSE(settings.query.port);
  EXPECT_FALSE(settings.query.base64);
}

TEST(HttpSettings, RefusesAUrlThatIsNotHttp) {
  EXPECT_EQ(problem({{"url", "ftp://h/p"}}),
            "url: \"ftp://h/p\" must start with http:// or https://");
}

TEST(HttpSettings, RefusesABadJsonPointer) {
  EXPECT_TRUE(
      problem({{"url", "http://h"}, {"json_pointer", "kvs"}}).starts_with("json_pointer: "));
  EXPECT_TRUE(problem({{"url", "http://h"}, {"field", "/a~9"}}).starts_with("field: "));
}

TEST(HttpSettings, RefusesAnUnknownDecoding) {
  EXPECT_EQ(problem({{"url", "http://h"}, {"decode", "hex"}}),
            "decode: \"hex\" is not none or base64");
}

TEST(HttpSettings, RefusesAPortOutOfRange) {
  EXPECT_EQ(problem({{"url", "http://h"}, {"port", "65536"}}),
            "port: 65536 is not a port (1-65535)");
}

TEST(HttpSettings, RefusesBothTokenKinds) {
  EXPECT_EQ(problem({{"url", "http://h"}, {"bearer_token", "a"}, {"bearer_token_file", "/t"}}),
            "bearer_token_file: set either bearer_token or bearer_token_file, not both");
}

TEST(HttpSettings, RefusesPortFieldWithoutField) {
  EXPECT_EQ(problem({{"url", "http://h"}, {"port_field", "Port"}}),
            "port_field: needs field (both apply to arrays of objects)");
}

TEST(HttpSettings, RefusesAKeyWithoutACertificate) {
  EXPECT_EQ(problem({{"url", "http://h"}, {"key_file", "/k.pem"}}), "key_file: needs cert_file");
}

}  // namespace
