// Resource hygiene: a run of 1,000 attempts (discovery through two providers, then a
// join that fails, again and again without waiting) leaves this process with the file
// descriptors, threads and child processes it had: in process, out of process (the
// runners are pooled, not leaked), and when every isolated call crashes its runner. A
// provider that hangs at every call holds one abandoned call however many attempts a
// run makes, and past the limit of abandoned calls no new in-process call starts.
#include <gtest/gtest.h>

#include "base/abandoned_calls.hpp"
#include "catalog/registry.hpp"
#include "discovery/resolver.hpp"
#include "isolation/isolation_harness.hpp"
#include "join/prepared_run.hpp"
#include "logging/log.hpp"
#include "support/process_census.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;

// A run of `attempts` LAN attempts, each failing at the join, with no wait between.
join::RunSettings failing_run(std::int64_t attempts, const std::string &provider_fault,
                              std::chrono::milliseconds discovery_timeout = 10s) {
  join::RunSettings settings;
  settings.agent.lan.entries = {
      {"provider=static addrs=10.0.0.1", "test"},
      {"provider=misbehaving addrs=10.0.0.2 fault=" + provider_fault, "test"},
      {"10.0.0.3", "test"}};
  settings.agent.lan.max_attempts = attempts - 1;
  settings.agent.lan.interval = 0s;
  settings.lan_backend = {"misbehaving", {{"fault", "fail"}}, "test", 10s};
  settings.discovery_timeout = discovery_timeout;
  return settings;
}

// Runs `attempts` attempts through a fresh registry; returns how many were made.
std::int64_t run_attempts(std::int64_t attempts, const plugins::IsolationPolicy &policy,
                          const std::string &provider_fault = "none",
                          std::chrono::milliseconds discovery_timeout = 10s) {
  plugins::Registry registry(fixture_search_path({"misbehaving", "bundled"}), policy);
  join::PreparedRun run(failing_run(attempts, provider_fault, discovery_timeout), registry,
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

// A provider that ignores its deadline at every call (200 attempts made 194 threads and
// 200 descriptors): its call is abandoned at the first attempt, and its entry makes no
// new call while that one runs, so a run of 200 attempts holds what a run of 3 holds.
TEST_F(AttemptHygiene, AProviderThatHangsAtEveryCallHoldsOneCallHoweverManyAttempts) {
  ASSERT_EQ(run_attempts(3, {}), 3);  // warm-up: libraries, the logger
  const ProcessCensus start = ProcessCensus::take();
  ASSERT_EQ(run_attempts(3, {}, "hang", 20ms), 3);
  const ProcessCensus after_three = ProcessCensus::take();
  ASSERT_EQ(run_attempts(200, {}, "hang", 20ms), 200);
  const ProcessCensus after_two_hundred = ProcessCensus::take();
  EXPECT_EQ(after_three.threads, start.threads + 1);  // the one hanging call
  EXPECT_EQ(after_two_hundred.threads, after_three.threads + 1);
  EXPECT_EQ(after_two_hundred.descriptors - after_three.descriptors,
            after_three.descriptors - start.descriptors);
  EXPECT_EQ(plugins::abandoned_calls_running(), 2u);
}

// One resolver of `hanging` entries that ignore their deadline, each abandoned.
discovery::Resolver hanging_entries(plugins::Registry &registry, std::size_t hanging) {
  std::vector<std::string> entries;
  for (std::size_t i = 0; i < hanging; ++i) {
    entries.push_back("provider=misbehaving fault=hang addrs=10.0.1." + std::to_string(i));
  }
  return discovery::Resolver::prepare(entries, registry, {.timeout = 20ms});
}

// Past the limit, no new in-process call starts: threads and descriptors stay where they
// are, while literals and providers that answer (isolated ones: they are killed, not
// abandoned) still resolve.
TEST_F(AttemptHygiene, PastTheLimitOfAbandonedCallsNoNewCallStartsAndTheRestStillResolve) {
  // Prepared first: past the limit, an in-process validate does not start either.
  plugins::Registry registry(fixture_search_path({"misbehaving", "bundled"}), {});
  discovery::Resolver first = hanging_entries(registry, plugins::max_abandoned_calls);
  discovery::Resolver more =
      discovery::Resolver::prepare({"provider=static addrs=10.0.0.1",
                                    "provider=misbehaving fault=hang addrs=10.0.0.2", "10.0.0.3"},
                                   registry, {.timeout = 20ms});
  EXPECT_EQ(first.resolve().failures.size(), plugins::max_abandoned_calls);
  ASSERT_EQ(plugins::abandoned_calls_running(), plugins::max_abandoned_calls);

  plugins::Registry isolated(fixture_search_path({"misbehaving", "bundled"}), isolate_all());
  discovery::Resolver answering = discovery::Resolver::prepare(
      {"provider=misbehaving addrs=10.0.0.4"}, isolated, {.timeout = 10s});
  EXPECT_EQ(answering.resolve().addresses, (std::vector<std::string>{"10.0.0.4"}));
  const ProcessCensus before = ProcessCensus::take();
  for (int attempt = 0; attempt < 50; ++attempt) {
    const discovery::Resolution resolution = more.resolve();
    EXPECT_EQ(resolution.addresses, (std::vector<std::string>{"10.0.0.3"}));
    ASSERT_EQ(resolution.failures.size(), 2u);
    EXPECT_EQ(resolution.failures[0].error,
              "provider 'static': discover not started: 16 in-process plugin calls that ignored "
              "their deadline are still running, the most joinery allows (16); isolate the "
              "plugins that hang (isolation = \"process\") so that joinery kills such calls");
    EXPECT_EQ(answering.resolve().addresses, (std::vector<std::string>{"10.0.0.4"}));
  }
  const ProcessCensus after = ProcessCensus::take();
  EXPECT_EQ(after.threads, before.threads);
  EXPECT_EQ(after.descriptors, before.descriptors);
  EXPECT_EQ(plugins::abandoned_calls_running(), plugins::max_abandoned_calls);
}

}  // namespace
}  // namespace joinery::test
