// Resource hygiene: a run of 1,000 attempts (discovery through two providers, then a
// join that fails, again and again without waiting) leaves this process with the file
// descriptors, threads and child processes it had: in process, out of process (the
// runners are pooled, not leaked), and when every isolated call crashes its runner.
#include <gtest/gtest.h>

#include "isolation/isolation_harness.hpp"
#include "join/prepared_run.hpp"
#include "logging/log.hpp"
#include "plugins/registry.hpp"
#include "support/process_census.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;

// A run of `attempts` LAN attempts, each failing at the join, with no wait between.
join::RunSettings failing_run(std::int64_t attempts, const std::string &provider_fault) {
  join::RunSettings settings;
  settings.agent.lan.entries = {
      {"provider=static addrs=10.0.0.1", "test"},
      {"provider=misbehaving addrs=10.0.0.2 fault=" + provider_fault, "test"},
      {"10.0.0.3", "test"}};
  settings.agent.lan.max_attempts = attempts - 1;
  settings.agent.lan.interval = 0s;
  settings.lan_backend = {"misbehaving", {{"fault", "fail"}}, "test", 10s};
  settings.discovery_timeout = 10s;
  return settings;
}

// Runs `attempts` attempts through a fresh registry; returns how many were made.
std::int64_t run_attempts(std::int64_t attempts, const plugins::IsolationPolicy &policy,
                          const std::string &provider_fault = "none") {
  plugins::Registry registry(fixture_search_path({"misbehaving", "bundled"}), policy);
  join::PreparedRun run(failing_run(attempts, provider_fault), registry,
                        std::make_shared<plugins::StopSource>());
  const std::vector<join::ClusterReport> reports = run.run();
  EXPECT_EQ(reports.front().stats.outcome, join::Outcome::exhausted);
  return reports.front().stats.attempts;
}

class AttemptHygiene : public ::testing::Test {
 protected:
  void SetUp() override { logging::configure(logging::Level::off, false); }
  void TearDown() override { logging::configure(logging::Level::info, false); }

  // Runs a short warm-up first (lazily made things, e.g. loaded libraries, the
  // logger), then the long run, and compares what the process holds.
  void expect_no_leak(const plugins::IsolationPolicy &policy, std::int64_t attempts,
                      const std::string &provider_fault = "none") {
    ASSERT_EQ(run_attempts(3, policy, provider_fault), 3);
    const ProcessCensus before = ProcessCensus::take();
    ASSERT_EQ(run_attempts(attempts, policy, provider_fault), attempts);
    const ProcessCensus after = ProcessCensus::take();
    EXPECT_EQ(after.descriptors, before.descriptors);
    EXPECT_EQ(after.threads, before.threads);
    EXPECT_EQ(after.children, before.children);
  }
};

TEST_F(AttemptHygiene, AThousandInProcessAttemptsLeakNothing) {
  expect_no_leak({}, 1000);
}

TEST_F(AttemptHygiene, AThousandIsolatedAttemptsLeakNothing) {
  expect_no_leak(isolate_all(), 1000);
}

TEST_F(AttemptHygiene, IsolatedRunnersThatCrashEveryAttemptAreAllReaped) {
  expect_no_leak(isolate_all(), 20, "segfault");
}

TEST_F(AttemptHygiene, IsolatedRunnersStayPooledDuringALongRun) {
  // While a run goes on, its runners are reused: as many after 200 attempts as
  // after 10.
  plugins::Registry registry(fixture_search_path({"misbehaving", "bundled"}), isolate_all());
  std::size_t after_ten = 0;
  {
    join::PreparedRun run(failing_run(10, "none"), registry,
                          std::make_shared<plugins::StopSource>());
    run.run();
    after_ten = ProcessCensus::take().children.size();
  }
  join::PreparedRun run(failing_run(200, "none"), registry,
                        std::make_shared<plugins::StopSource>());
  run.run();
  EXPECT_EQ(ProcessCensus::take().children.size(), after_ten);
}

}  // namespace
}  // namespace joinery::test
