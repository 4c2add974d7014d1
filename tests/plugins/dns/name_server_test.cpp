#include "dns/name_server.hpp"

#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

namespace joinery::dns {
namespace {

TEST(NameServer, ParsesIpv4WithPort) {
  const NameServer server = parse_name_server("127.0.0.1:8600");
  EXPECT_EQ(server.ip, "127.0.0.1");
  EXPECT_EQ(server.port, 8600);
  EXPECT_EQ(server.to_string(), "127.0.0.1:8600");
}

TEST(NameServer, DefaultsPortTo53) {
  EXPECT_EQ(parse_name_server("10.0.0.2").port, 53);
  EXPECT_EQ(parse_name_server("[fd00::2]").port, 53);
  EXPECT_EQ(parse_name_server("fd00::2").ip, "fd00::2");
}

TEST(NameServer, ParsesBracketedIpv6AndPrintsItBracketed) {
  const NameServer server = parse_name_server("[::1]:5353");
  EXPECT_EQ(server.ip, "::1");
  EXPECT_EQ(server.port, 5353);
  EXPECT_EQ(server.to_string(), "[::1]:5353");
}

TEST(NameServer, RejectsHostNamesNamingTheKey) {
  try {
    (void)parse_name_server("dns.example.com:53");
    FAIL() << "expected an error";
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::invalid_config);
    EXPECT_NE(std::string(error.what()).find("resolver: \"dns.example.com:53\""),
              std::string::npos);
  }
}

TEST(NameServer, RejectsBadPorts) {
  for (const char *text : {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", "[::1]:", "[::1"}) {
    EXPECT_THROW((void)parse_name_server(text), sdk::Error) << text;
  }
}

}  // namespace
}  // namespace joinery::dns
