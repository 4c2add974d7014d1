// Backend instances run out of process: each lives in a runner of its own, joins
// through it (gateway_route included), and after a runner failure the next join
// starts a new runner and creates the instance again there.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "base/gateway_routes.hpp"
#include "catalog/registry.hpp"
#include "isolation/isolation_harness.hpp"
#include "support/process_census.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class FixedRoutes final : public plugins::GatewayRoutes {
 public:
  [[nodiscard]] std::vector<std::string> route(std::string_view datacenter) const override {
    if (datacenter == "dc2") return {"10.1.1.1:443", "10.1.1.2:443"};
    return {};
  }
};

class IsolatedBackend : public ::testing::Test {
 protected:
  IsolatedBackend() : registry_(fixture_search_path({"misbehaving"}), isolate_all()) {
    backend_ = registry_.find_backend("misbehaving");
  }

  std::unique_ptr<plugins::BackendInstance> create(plugins::KeyValues keys) {
    keys.emplace_back("state_file", state_file());
    plugins::CallContext call({});
    plugins::Created<plugins::BackendInstance> created = backend_->create(call, keys);
    EXPECT_TRUE(created.result.ok()) << created.result.message;
    return std::move(created.instance);
  }

  plugins::PluginResult join(plugins::BackendInstance &instance,
                             const std::vector<std::string> &addresses,
                             std::chrono::milliseconds timeout = 5s) {
    plugins::CallContext::Options options;
    options.deadline = std::chrono::steady_clock::now() + timeout;
    options.routes = &routes_;
    options.log_subsystem = "agent.plugin.misbehaving";
    plugins::CallContext call(std::move(options));
    const plugins::Joined joined = instance.join(call, "LAN", addresses);
    if (joined.result.ok()) {
      EXPECT_EQ(joined.joined, addresses.size());
    }
    return joined.result;
  }

  std::string state_file() const { return (dir_.path() / "joins").string(); }
  std::vector<std::string> joins() const {
    std::ifstream in(state_file());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  TempDir dir_;
  FixedRoutes routes_;
  plugins::Registry registry_;
  std::shared_ptr<const plugins::JoinBackend> backend_;
};

TEST_F(IsolatedBackend, JoinsThroughItsRunner) {
  ASSERT_TRUE(backend_);
  EXPECT_TRUE(backend_->isolated());
  auto instance = create({});
  ASSERT_TRUE(instance);
  ASSERT_TRUE(join(*instance, {"10.0.0.1", "10.0.0.2:8301"}).ok());
  const auto lines = joins();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], StartsWith("LAN 10.0.0.1 10.0.0.2:8301 pid="));
  EXPECT_THAT(lines[0], ::testing::Not(HasSubstr("pid=" + std::to_string(::getpid()))));
}

TEST_F(IsolatedBackend, GatewayRouteIsAnsweredByJoinery) {
  // The join tests' flaky backend records the route it is given for "*.<dc>/...".
  plugins::SearchPath path;
  path.directories = {JOINERY_FLAKY_FIXTURE_DIR};
  plugins::Registry registry(path, isolate_all());
  const auto flaky = registry.find_backend("flaky");
  ASSERT_TRUE(flaky && flaky->isolated());
  plugins::CallContext call({});
  auto [result, instance] = flaky->create(call, {{"state_file", state_file()}});
  ASSERT_TRUE(instance) << result.message;
  ASSERT_TRUE(join(*instance, {"*.dc2/192.0.2.1"}).ok());
  EXPECT_EQ(joins(),
            std::vector<std::string>{"LAN *.dc2/192.0.2.1 route=10.1.1.1:443,10.1.1.2:443,"});
}

TEST_F(IsolatedBackend, ACrashedJoinIsFollowedByANewRunnerAndInstance) {
  auto instance = create({{"fault", "segfault"}, {"fault_times", "1"}});
  const plugins::PluginResult crashed = join(*instance, {"10.0.0.1"});
  EXPECT_EQ(crashed.status, JOINERY_INTERNAL);
  EXPECT_THAT(crashed.message, HasSubstr("backend 'misbehaving': join failed"));
  EXPECT_THAT(crashed.message, HasSubstr("killed by signal SIGSEGV"));
  const plugins::PluginResult again = join(*instance, {"10.0.0.1"});
  ASSERT_TRUE(again.ok()) << again.message;
  const auto lines = joins();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].substr(lines[0].find("pid=")), lines[1].substr(lines[1].find("pid=")));
}

TEST_F(IsolatedBackend, AJoinThatHangsIsKilledAtItsDeadline) {
  auto instance = create({{"fault", "hang"}, {"fault_times", "1"}});
  const plugins::PluginResult hung = join(*instance, {"10.0.0.1"}, 300ms);
  EXPECT_EQ(hung.status, JOINERY_CANCELLED);
  EXPECT_THAT(hung.message, HasSubstr("gave no answer by the call's deadline and was killed"));
  EXPECT_TRUE(join(*instance, {"10.0.0.1"}).ok());
}

TEST_F(IsolatedBackend, ARunnerThatExitsMidJoinFailsOnlyThatJoin) {
  auto instance = create({{"fault", "exit"}, {"fault_times", "1"}});
  EXPECT_THAT(join(*instance, {"10.0.0.1"}).message, HasSubstr("exited with status 3"));
  EXPECT_TRUE(join(*instance, {"10.0.0.1"}).ok());
}

TEST_F(IsolatedBackend, DestroyingTheInstanceStopsItsRunner) {
  auto instance = create({});
  ASSERT_TRUE(join(*instance, {"10.0.0.1"}).ok());
  const std::size_t with_instance = ProcessCensus::take().children.size();
  ASSERT_GE(with_instance, 1u);
  instance.reset();
  EXPECT_EQ(ProcessCensus::take().children.size(), with_instance - 1);
}

}  // namespace
}  // namespace joinery::test
