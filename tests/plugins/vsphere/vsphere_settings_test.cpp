// The vsphere provider's keys as read before any call: the host as host[:port] only,
// the password from the key or the environment, insecure_ssl and timeout.
#include "vsphere_settings.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

namespace {

using joinery::cloud::Environment;
using joinery::sdk::Status;
using joinery::test::PluginConfig;
using joinery::test::variables;
using joinery::vsphere::read_vsphere_settings;

std::string refusal(const PluginConfig &config, const Environment &environment = variables({})) {
  const auto error =
      joinery::test::thrown_error([&] { (void)read_vsphere_settings(config.view(), environment); });
  EXPECT_EQ(error.status(), Status::invalid_config) << error.what();
  return error.what();
}

TEST(VsphereSettings, TheHostIsHostOrHostPortAndNothingElse) {
  for (const char *host : {"https://vc.example.com", "vc.example.com/sdk", "admin@vc.example.com",
                           "vc.example.com?x=1", "vc.example.com:0", "vc.example.com:https",
                           "vc.example.com:70000", "[::1", ""}) {
    const PluginConfig config{{"tag_name", "t"},
                              {"category_name", "c"},
                              {"host", host},
                              {"user", "u"},
                              {"password", "p"}};
    EXPECT_TRUE(refusal(config).starts_with("host: ")) << host << ": " << refusal(config);
  }
  EXPECT_EQ(refusal({{"tag_name", "t"},
                     {"category_name", "c"},
                     {"host", "https://vc"},
                     {"user", "u"},
                     {"password", "p"}}),
            "host: \"https://vc\" is a URL; give the vCenter as host or host:port, without "
            "https://");
  for (const auto &[given, taken] :
       std::vector<std::pair<std::string, std::string>>{{"vc.example.com", "vc.example.com"},
                                                        {"10.0.0.5:8443", "10.0.0.5:8443"},
                                                        {"[2001:db8::5]:443", "[2001:db8::5]:443"},
                                                        {"2001:db8::5", "[2001:db8::5]"}}) {
    const PluginConfig config{{"tag_name", "t"},
                              {"category_name", "c"},
                              {"host", given},
                              {"user", "u"},
                              {"password", "p"}};
    EXPECT_EQ(read_vsphere_settings(config.view(), variables({})).host, taken);
  }
}

TEST(VsphereSettings, ThePasswordAndTheRestComeFromTheEnvironment) {
  const PluginConfig bare{{"tag_name", "t"}, {"category_name", "c"}};
  const auto settings =
      read_vsphere_settings(bare.view(), variables({{"VSPHERE_SERVER", "vc:443"},
                                                    {"VSPHERE_USER", "u"},
                                                    {"GOVC_PASSWORD", "from-govc"},
                                                    {"GOVC_TLS_CA_CERTS", "/etc/ssl/vc.pem"},
                                                    {"VSPHERE_ALLOW_UNVERIFIED_SSL", "1"}}));
  EXPECT_EQ(settings.host, "vc:443");
  EXPECT_EQ(settings.password, "from-govc");
  EXPECT_EQ(settings.ca_file, "/etc/ssl/vc.pem");
  EXPECT_TRUE(settings.insecure);
  EXPECT_EQ(read_vsphere_settings(bare.view(), variables({{"VSPHERE_SERVER", "vc"},
                                                          {"VSPHERE_USER", "u"},
                                                          {"VSPHERE_PASSWORD", "vs"},
                                                          {"GOVC_PASSWORD", "govc"}}))
                .password,
            "vs");

  EXPECT_EQ(refusal({{"tag_name", "t"}, {"category_name", "c"}, {"host", "vc"}, {"user", "u"}}),
            "password: missing value (nor is VSPHERE_PASSWORD or GOVC_PASSWORD set)");
}

TEST(VsphereSettings, BadValuesAreRefusedNamingTheKey) {
  EXPECT_EQ(refusal({{"tag_name", "t"},
                     {"category_name", "c"},
                     {"host", "vc"},
                     {"user", "u"},
                     {"password", "p"},
                     {"insecure_ssl", "yes"}}),
            "insecure_ssl: \"yes\" is not true or false");
  EXPECT_EQ(refusal({{"tag_name", "t"},
                     {"category_name", "c"},
                     {"host", "vc"},
                     {"user", "u"},
                     {"password", "p"},
                     {"timeout", "0"}}),
            "timeout: must be longer than 0 (default 10m)");
  EXPECT_EQ(refusal({{"category_name", "c"}, {"host", "vc"}, {"user", "u"}, {"password", "p"}}),
            "tag_name: missing value");
  EXPECT_EQ(refusal({{"tag_name", "t"}, {"category_name", "c"}, {"host", "vc"}, {"password", "p"}}),
            "user: missing value (nor is VSPHERE_USER or GOVC_USERNAME set)");
}

}  // namespace
