// The JWT of the service-account grant, checked here for its shape and claims; its
// signature is verified by python3-jwt in gce_api.py (gce_api_test.cpp).
#include "jwt_assertion.hpp"

#include <joinery/plugin.hpp>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base64.hpp"
#include "google_cloud.hpp"

namespace {

using joinery::gce::GoogleCredentials;
using joinery::gce::jwt_assertion;
using joinery::gce::read_google_credentials;
using joinery::sdk::Error;
using nlohmann::json;

json decoded_part(const std::string &part) {
  std::string text = part;
  for (char &c : text) {
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  while (text.size() % 4 != 0) {
    text += '=';
  }
  return json::parse(joinery::http::decode_base64(text).value());
}

TEST(JwtAssertion, CarriesGooglesClaimsForTheKeyFile) {
  const joinery::test::GoogleCloud cloud;
  const GoogleCredentials credentials = read_google_credentials(cloud.key_file());
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  const std::string jwt = jwt_assertion(credentials, "https://example/scope", now);
  const auto first = jwt.find('.');
  const auto second = jwt.find('.', first + 1);
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(jwt.find_first_of("+/="), std::string::npos);  // base64url, no padding
  EXPECT_EQ(decoded_part(jwt.substr(0, first)),
            json({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "0123abcd"}}));
  EXPECT_EQ(decoded_part(jwt.substr(first + 1, second - first - 1)),
            json({{"iss", cloud.client_email},
                  {"scope", "https://example/scope"},
                  {"aud", cloud.server->url("/token")},
                  {"iat", 1700000000},
                  {"exp", 1700003600}}));
}

TEST(JwtAssertion, AKeyThatIsNotRsaPemIsRefusedWithoutQuotingIt) {
  GoogleCredentials credentials;
  credentials.path = "/etc/sa.json";
  credentials.private_key =
      "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----\n";
  try {
    (void)jwt_assertion(credentials, "s", std::chrono::system_clock::now());
    FAIL();
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find("/etc/sa.json: private_key is not an RSA"),
              std::string::npos)
        << error.what();
    EXPECT_EQ(std::string(error.what()).find("c2VjcmV0"), std::string::npos);
  }
}

TEST(GoogleCredentialsFile, AMissingFieldIsNamed) {
  joinery::test::TempDir dir;
  const auto file = dir.write("sa.json", R"({"type": "service_account", "private_key": "x"})");
  try {
    (void)read_google_credentials(file.string());
    FAIL();
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find("has no \"client_email\""), std::string::npos)
        << error.what();
  }
  const auto other = dir.write("other.json", R"({"type": "external_account"})");
  EXPECT_THROW((void)read_google_credentials(other.string()), Error);
}

TEST(GoogleCredentialsFile, AFifoADeviceOrAHugeFileIsRefusedAtOnceNamingIt) {
  joinery::test::TempDir dir;
  const auto huge = dir.write("huge.json", std::string(100 * 1024, ' '));
  const auto fifo = dir.path() / "fifo.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const auto &[path, why] : {std::pair{huge.string(), "larger than 64 KiB"},
                                  {fifo.string(), "not a regular file"},
                                  {std::string("/dev/zero"), "not a regular file"}}) {
    try {
      (void)read_google_credentials(path);
      ADD_FAILURE() << path;
    } catch (const Error &error) {
      EXPECT_NE(std::string(error.what()).find("credentials file " + path + ": " + why),
                std::string::npos)
          << error.what();
    }
  }
}

}  // namespace
