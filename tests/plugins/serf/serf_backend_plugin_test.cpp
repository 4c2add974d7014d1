// The serf backend plugin as the host calls it: through the registry, with the
// host's call context (deadline, shutdown, gateway routes), against real agents.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "base/gateway_routes.hpp"
#include "base/stop_source.hpp"
#include "support/bundled_plugin.hpp"
#include "support/child_process.hpp"
#include "support/log_capture.hpp"
#include "support/loopback.hpp"
#include "support/serf_agent.hpp"
#include "support/silent_listener.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using plugins::CallContext;

// The gateways the host's primary-gateways joiner would have stored.
class KnownGateways final : public plugins::GatewayRoutes {
 public:
  KnownGateways(std::string datacenter, std::vector<std::string> gateways)
      : datacenter_(std::move(datacenter)), gateways_(std::move(gateways)) {}
  [[nodiscard]] std::vector<std::string> route(std::string_view datacenter) const override {
    return datacenter == datacenter_ ? gateways_ : std::vector<std::string>{};
  }

 private:
  std::string datacenter_;
  std::vector<std::string> gateways_;
};

using Attempt = plugins::Joined;

class SerfBackendPlugin : public testing::Test {
 protected:
  plugins::Created<plugins::BackendInstance> create_with(const plugins::KeyValues &keys) {
    CallContext call({});
    return backend_->create(call, checked(backend_->keys(), keys));
  }
  std::unique_ptr<plugins::BackendInstance> create(const SerfAgent &agent) {
    auto [result, instance] = create_with({{"rpc_addr", agent.rpc_address()}});
    EXPECT_TRUE(result.ok()) << result.message;
    return std::move(instance);
  }
  static Attempt join(plugins::BackendInstance &instance, const std::vector<std::string> &addresses,
                      CallContext::Options options = {}) {
    CallContext call(std::move(options));
    return instance.join(call, "LAN", addresses);
  }

  BundledPlugins plugins_;
  std::shared_ptr<const plugins::JoinBackend> backend_ = plugins_.backend("serf");
};

TEST_F(SerfBackendPlugin, DeclaresRpcAuthSecret) {
  for (const plugins::KeySpec &key : backend_->keys()) {
    EXPECT_EQ(key.secret, key.name == "rpc_auth") << key.name;
  }
}

TEST_F(SerfBackendPlugin, RejectsABadRpcAddrWhenCreated) {
  const auto [result, instance] = create_with({{"rpc_addr", "[::1"}});
  EXPECT_EQ(instance, nullptr);
  EXPECT_EQ(result.status, JOINERY_INVALID_CONFIG);
  EXPECT_NE(result.message.find("rpc_addr"), std::string::npos) << result.message;
}

TEST_F(SerfBackendPlugin, JoinsAndCountsTheAddresses) {
  SerfAgent a({.node = "a"}), b({.node = "b"}), c({.node = "c"});
  auto instance = create(a);
  const Attempt attempt = join(*instance, {b.bind_address(), c.bind_address()});
  ASSERT_TRUE(attempt.result.ok()) << attempt.result.message;
  EXPECT_EQ(attempt.joined, 2u);
  EXPECT_TRUE(a.wait_for_alive(3, 5s));
}

TEST_F(SerfBackendPlugin, WarnsAboutAPartialJoinAndSucceeds) {
  SerfAgent a({.node = "a"}), b({.node = "b"});
  auto instance = create(a);
  Attempt attempt;
  const std::string log = capture_log([&] {
    attempt = join(*instance, {b.bind_address(), "127.0.0.1:" + std::to_string(free_port())});
  });
  ASSERT_TRUE(attempt.result.ok()) << attempt.result.message;
  EXPECT_EQ(attempt.joined, 1u);
  EXPECT_NE(log.find("partial join: the serf agent at " + a.rpc_address() +
                     " joined 1 of 2 addresses; 1 address failed"),
            std::string::npos)
      << log;
}

TEST_F(SerfBackendPlugin, FailsWithTheAgentsErrorText) {
  SerfAgent a({.node = "a"});
  auto instance = create(a);
  const Attempt attempt = join(*instance, {"127.0.0.1:" + std::to_string(free_port())});
  EXPECT_EQ(attempt.result.status, JOINERY_UNAVAILABLE);
  EXPECT_EQ(attempt.result.message.rfind("1 error occurred:", 0), 0u) << attempt.result.message;
}

TEST_F(SerfBackendPlugin, JoinsAFederatedDatacenterThroughItsGateway) {
  SerfAgent dc1({.node = "s1.dc1"}), dc2({.node = "s1.dc2"});
  const std::uint16_t port = free_port();
  ChildProcess gateway({"socat",
                        "TCP-LISTEN:" + std::to_string(port) + ",bind=127.0.0.1,reuseaddr,fork",
                        "TCP:" + dc1.bind_address()});
  ASSERT_TRUE(wait_for_port("127.0.0.1", port, 5s));
  const KnownGateways routes("dc1", {"127.0.0.1:" + std::to_string(port)});
  auto instance = create(dc2);
  const Attempt attempt = join(*instance, {"*.dc1/192.0.2.2"}, {.routes = &routes});
  ::kill(-gateway.pid(), SIGKILL);  // socat's per-connection children too
  ASSERT_TRUE(attempt.result.ok()) << attempt.result.message;
  EXPECT_TRUE(dc1.wait_for_alive(2, 5s));
}

TEST_F(SerfBackendPlugin, SaysWhenNoRouteToTheDatacenterIsKnown) {
  SerfAgent dc2({.node = "s1.dc2"});
  const KnownGateways routes("dc3", {"127.0.0.1:1"});
  auto instance = create(dc2);
  const Attempt attempt = join(*instance, {"*.dc1/192.0.2.2"}, {.routes = &routes});
  EXPECT_EQ(attempt.result.status, JOINERY_UNAVAILABLE);
  EXPECT_NE(attempt.result.message.find("no route to datacenter dc1"), std::string::npos)
      << attempt.result.message;
}

TEST_F(SerfBackendPlugin, StopsAtOnceOnShutdown) {
  SilentListener silent;
  auto [result, instance] =
      create_with({{"rpc_addr", silent.address()}, {"connect_timeout", "1m"}});
  ASSERT_TRUE(result.ok()) << result.message;
  plugins::StopSource stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  const Attempt attempt = join(*instance, {"127.0.0.1:1"}, {.stop = &stop});
  stopper.join();
  EXPECT_EQ(attempt.result.status, JOINERY_CANCELLED) << attempt.result.message;
}

}  // namespace
}  // namespace joinery::test
