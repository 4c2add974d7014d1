#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include "dns/dns_discovery.hpp"
#include "dns/srv_discovery.hpp"
#include "support/plugin_config.hpp"

namespace joinery::dns {
namespace {

using test::PluginConfig;

std::string invalid_config_message(const PluginConfig &config, bool srv = false) {
  try {
    if (srv) {
      (void)read_srv_settings(config.view());
    } else {
      (void)read_dns_settings(config.view());
    }
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::invalid_config);
    return error.what();
  }
  ADD_FAILURE() << "expected an invalid_config error";
  return {};
}

TEST(DnsSettings, SplitsACommaListOfNames) {
  const PluginConfig config{{"name", "a.test, b.test,c.test"}};
  const DnsSettings settings = read_dns_settings(config.view());
  EXPECT_EQ(settings.names, (std::vector<std::string>{"a.test", "b.test", "c.test"}));
  EXPECT_EQ(settings.family, AddressFamily::any);
  EXPECT_FALSE(settings.port);
  EXPECT_FALSE(settings.resolver);
  EXPECT_EQ(settings.timeout, std::chrono::seconds(5));
}

TEST(DnsSettings, ReadsEveryKey) {
  const PluginConfig config{{"name", "a.test"},
                            {"type", "aaaa"},
                            {"port", "8301"},
                            {"resolver", "[::1]:5353"},
                            {"timeout", "1500ms"}};
  const DnsSettings settings = read_dns_settings(config.view());
  EXPECT_EQ(settings.family, AddressFamily::ipv6);
  EXPECT_EQ(settings.port, 8301);
  EXPECT_EQ(settings.resolver->to_string(), "[::1]:5353");
  EXPECT_EQ(settings.timeout, std::chrono::milliseconds(1500));
}

TEST(DnsSettings, RejectsAMissingName) {
  EXPECT_NE(invalid_config_message(PluginConfig{{"name", " , "}}).find("name: missing value"),
            std::string::npos);
}

TEST(DnsSettings, RejectsAnUnknownType) {
  EXPECT_EQ(invalid_config_message(PluginConfig{{"name", "a.test"}, {"type", "mx"}}),
            "type: \"mx\" is not one of a, aaaa, any");
}

TEST(DnsSettings, RejectsAPortOutOfRange) {
  EXPECT_EQ(invalid_config_message(PluginConfig{{"name", "a.test"}, {"port", "70000"}}),
            "port: \"70000\" is not a port (1-65535)");
}

TEST(DnsSettings, RejectsAZeroTimeout) {
  EXPECT_EQ(invalid_config_message(PluginConfig{{"name", "a.test"}, {"timeout", "0s"}}),
            "timeout: must be more than 0 (e.g. 2s)");
}

TEST(DnsSettings, RejectsANameWithABackslash) {
  EXPECT_NE(invalid_config_message(PluginConfig{{"name", "a\\b.test"}}).find("not a DNS name"),
            std::string::npos);
}

TEST(SrvSettings, BuildsTheNameFromServiceProtoAndDomain) {
  const PluginConfig config{{"service", "serf"}, {"proto", "udp"}, {"domain", "example.com"}};
  EXPECT_EQ(read_srv_settings(config.view()).name, "_serf._udp.example.com");
}

TEST(SrvSettings, DefaultsProtoToTcpAndAcceptsLeadingUnderscores) {
  const PluginConfig config{{"service", "_serf"}, {"domain", "test"}};
  const SrvSettings settings = read_srv_settings(config.view());
  EXPECT_EQ(settings.name, "_serf._tcp.test");
  EXPECT_FALSE(settings.resolve);
}

TEST(SrvSettings, ReadsResolveResolverAndTimeout) {
  const PluginConfig config{{"service", "serf"},
                            {"domain", "test"},
                            {"resolve", "true"},
                            {"resolver", "127.0.0.1:5353"},
                            {"timeout", "2s"}};
  const SrvSettings settings = read_srv_settings(config.view());
  EXPECT_TRUE(settings.resolve);
  EXPECT_EQ(settings.resolver->to_string(), "127.0.0.1:5353");
  EXPECT_EQ(settings.timeout, std::chrono::seconds(2));
}

TEST(SrvSettings, RejectsAServiceWithADot) {
  EXPECT_EQ(invalid_config_message(PluginConfig{{"service", "serf.x"}, {"domain", "test"}}, true),
            "service: \"serf.x\" is not a single DNS label (e.g. serf)");
}

TEST(SrvSettings, RequiresServiceAndDomain) {
  EXPECT_EQ(invalid_config_message(PluginConfig{{"domain", "test"}}, true),
            "service: missing value");
  EXPECT_EQ(invalid_config_message(PluginConfig{{"service", "serf"}}, true),
            "domain: missing value");
}

TEST(SrvSettings, RejectsAResolveThatIsNotABool) {
  EXPECT_NE(invalid_config_message(
                PluginConfig{{"service", "serf"}, {"domain", "test"}, {"resolve", "yes"}}, true)
                .find("resolve: \"yes\" is not true or false"),
            std::string::npos);
}

}  // namespace
}  // namespace joinery::dns
