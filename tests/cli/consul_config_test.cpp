// A Consul agent's JSON configuration directory given to the real binary: read as it
// is with --skip-consul-keys (one debug line per skipped key), refused without it.
#include <gtest/gtest.h>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;

class ConsulConfigDirectory : public testing::Test {
 protected:
  void SetUp() override {
    dir_.write("consul.d/consul.json", R"({
  "datacenter": "dc2",
  "data_dir": "/opt/consul",
  "retry_join": ["10.0.0.1", "provider=static addrs=10.0.0.2"],
  "connect": {"enabled": true, "ca_provider": "consul"}
})");
  }

  test::CommandResult validate(std::vector<std::string> flags) {
    std::vector<std::string> argv{JOINERY_TEST_BINARY, "validate", "--config-dir",
                                  (dir_.path() / "consul.d").string()};
    argv.insert(argv.end(), flags.begin(), flags.end());
    return test::run(argv, 30s);
  }

  test::TempDir dir_;
};

TEST_F(ConsulConfigDirectory, IsReadAsItIsWithTheSwitchLoggingEachSkippedKeyAtDebug) {
  const test::CommandResult r = validate({"--skip-consul-keys", "--log-level", "debug"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("10.0.0.1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("provider=static addrs=10.0.0.2"), std::string::npos) << r.out;
  const std::string file = (dir_.path() / "consul.d/consul.json").string();
  for (const char *key : {"data_dir", "connect.ca_provider"}) {
    EXPECT_NE(r.err.find("[DEBUG] agent: Skipped a Consul setting joinery does not read: file=" +
                         file + " key=" + key),
              std::string::npos)
        << r.err;
  }
}

TEST_F(ConsulConfigDirectory, SkipsSilentlyAtInfo) {
  const test::CommandResult r = validate({"--skip-consul-keys"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("Skipped"), std::string::npos) << r.err;
}

TEST_F(ConsulConfigDirectory, WithoutTheSwitchEachConsulKeyIsAnErrorPointingAtIt) {
  const test::CommandResult r = validate({});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("unknown key 'data_dir' (a Consul agent setting joinery does not read: "
                       "--skip-consul-keys skips such keys)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("unknown key 'connect.ca_provider'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace joinery
