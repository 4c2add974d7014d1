// The retry loop against Consul's behaviour, on a fake clock: a 30 s interval costs
// nothing, and a manual clock lets a test act while the joiner is mid-wait.
#include "join/retry_joiner.hpp"

#include <gtest/gtest.h>
#include <joinery/sdk/deadline.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <thread>

#include "service/run_status.hpp"
#include "support/fake_clock.hpp"
#include "support/log_capture.hpp"

namespace joinery::join {
namespace {

using namespace std::chrono_literals;
using test::capture_log;
using test::count_of;

// A LAN joiner on `clock` whose entries resolve to themselves.
RetryJoiner lan_joiner(Clock &clock, std::vector<std::string> entries = {"10.0.0.1", "10.0.0.2"}) {
  RetryJoiner joiner;
  joiner.cluster = "LAN";
  joiner.entries = std::move(entries);
  joiner.discovery_methods = {"dns", "static"};
  joiner.clock = &clock;
  joiner.log_fields = {{"cluster", "LAN"}};
  joiner.resolve = [entries = joiner.entries](std::int64_t) { return entries; };
  joiner.join = [](const std::vector<std::string> &addresses) {
    return JoinResult{.ok = true, .joined = addresses.size(), .error = {}};
  };
  return joiner;
}

JoinResult failure(std::string error) {
  return {.ok = false, .joined = 0, .error = std::move(error)};
}

TEST(RetryJoiner, EmptyEntriesSucceedAtOnceWithoutLogging) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock, {});
  bool resolved = false;
  joiner.resolve = [&](std::int64_t) {
    resolved = true;
    return std::vector<std::string>{};
  };
  JoinStats stats;
  const std::string log = capture_log([&] { stats = joiner.run(); });
  EXPECT_EQ(stats.outcome, Outcome::nothing_to_do);
  EXPECT_EQ(stats.attempts, 0);
  EXPECT_FALSE(resolved);
  EXPECT_EQ(log, "");
}

TEST(RetryJoiner, FirstSuccessfulJoinEndsTheLoopWithConsulsMessages) {
  FakeClock clock;
  const RetryJoiner joiner = lan_joiner(clock);
  JoinStats stats;
  const std::string log = capture_log([&] { stats = joiner.run(); });
  EXPECT_EQ(stats.outcome, Outcome::joined);
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(stats.joined, 2u);
  EXPECT_EQ(stats.addresses, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_NE(log.find("[INFO]  agent: Retry join is supported for the following discovery methods: "
                     "cluster=LAN discovery_methods=\"dns static\""),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("[INFO]  agent: Joining cluster...: cluster=LAN"), std::string::npos);
  EXPECT_NE(log.find("[INFO]  agent: Join cluster completed. Synced with initial agents: "
                     "cluster=LAN num_agents=2"),
            std::string::npos);
  EXPECT_TRUE(clock.waits().empty()) << "no wait before the first attempt";
}

TEST(RetryJoiner, RetryMaxNMakesNPlusOneAttemptsThenFailsWithConsulsMessage) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.max_attempts = 3;
  int joins = 0;
  joiner.join = [&](const std::vector<std::string> &) {
    ++joins;
    return failure("connection refused");
  };
  JoinStats stats;
  const std::string log = capture_log([&] { stats = joiner.run(); });
  EXPECT_EQ(stats.outcome, Outcome::exhausted);
  EXPECT_EQ(stats.attempts, 4);
  EXPECT_EQ(joins, 4);
  EXPECT_EQ(stats.failure, "agent: max join LAN retry exhausted, exiting");
  EXPECT_EQ(stats.last_error, "connection refused");
  EXPECT_EQ(count_of(log, "Join cluster failed, will retry"), 3u) << "no retry line after the last";
  EXPECT_EQ(clock.waits(), (std::vector<std::chrono::nanoseconds>{30s, 30s, 30s}));
  EXPECT_EQ(stats.duration, 90s);
}

TEST(RetryJoiner, TheLongestRetryIntervalWaitsLongWithoutWrappingTheClock) {
  // retry_interval = "2562047h": time.now() + interval overflowed (a wait into the past).
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.max_attempts = 2;
  joiner.interval = 2562047h;
  joiner.join = [](const std::vector<std::string> &) { return failure("refused"); };
  const JoinStats stats = joiner.run();
  EXPECT_EQ(stats.attempts, 3);
  EXPECT_EQ(clock.waits(),
            (std::vector<std::chrono::nanoseconds>{sdk::longest_wait, sdk::longest_wait}));
  EXPECT_EQ(stats.duration, 2 * sdk::longest_wait);
}

TEST(RetryJoiner, RetryMaxOneMakesTwoAttempts) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.max_attempts = 1;
  joiner.join = [](const std::vector<std::string> &) { return failure("refused"); };
  const JoinStats stats = joiner.run();
  EXPECT_EQ(stats.outcome, Outcome::exhausted);
  EXPECT_EQ(stats.attempts, 2);
}

TEST(RetryJoiner, MeshGatewayVariantUsesItsOwnWording) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.wording = discovery::Wording::mesh_gateways;
  joiner.cluster = "primary";
  joiner.log_fields.clear();
  joiner.max_attempts = 1;
  joiner.resolve = [](std::int64_t) { return std::vector<std::string>{}; };
  JoinStats stats;
  const std::string log = capture_log([&] { stats = joiner.run(); });
  EXPECT_EQ(stats.failure, "agent: max refresh of primary mesh gateways retry exhausted, exiting");
  EXPECT_EQ(stats.last_error, "No mesh gateways found");
  EXPECT_NE(log.find("agent: Refreshing mesh gateways is supported for the following discovery "
                     "methods: discovery_methods=\"dns static\""),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("agent: Refreshing mesh gateways...\n"), std::string::npos);
  EXPECT_NE(log.find("[WARN]  agent: Refreshing mesh gateways failed, will retry: "
                     "retry_interval=30s error=\"No mesh gateways found\""),
            std::string::npos);
}

TEST(RetryJoiner, MeshGatewayVariantCompletesWithoutAgentCount) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.wording = discovery::Wording::mesh_gateways;
  joiner.log_fields.clear();
  const std::string log = capture_log([&] { EXPECT_EQ(joiner.run().outcome, Outcome::joined); });
  EXPECT_NE(log.find("agent: Refreshing mesh gateways completed\n"), std::string::npos) << log;
}

TEST(RetryJoiner, NothingResolvedIsAFailedAttemptWithoutCallingJoin) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.max_attempts = 2;
  joiner.resolve = [](std::int64_t) { return std::vector<std::string>{}; };
  bool joined = false;
  joiner.join = [&](const std::vector<std::string> &) {
    joined = true;
    return failure("unexpected");
  };
  JoinStats stats;
  const std::string log = capture_log([&] { stats = joiner.run(); });
  EXPECT_FALSE(joined);
  EXPECT_EQ(stats.attempts, 3);
  EXPECT_EQ(stats.last_error, "No servers to join");
  EXPECT_NE(log.find("[WARN]  agent: Join cluster failed, will retry: cluster=LAN "
                     "retry_interval=30s error=\"No servers to join\""),
            std::string::npos)
      << log;
}

TEST(RetryJoiner, ZeroRetryMaxRetriesUntilAJoinSucceeds) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.max_attempts = 0;
  int joins = 0;
  joiner.join = [&](const std::vector<std::string> &addresses) {
    if (++joins <= 500) {
      return failure("refused");
    }
    return JoinResult{.ok = true, .joined = addresses.size(), .error = {}};
  };
  JoinStats stats;
  capture_log([&] { stats = joiner.run(); });
  EXPECT_EQ(stats.outcome, Outcome::joined);
  EXPECT_EQ(stats.attempts, 501);
  EXPECT_EQ(stats.last_error, "refused");
  EXPECT_EQ(stats.duration, 500 * 30s);
}

TEST(RetryJoiner, EachAttemptResolvesTheEntriesAgain) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  std::vector<std::int64_t> attempts;
  joiner.resolve = [&](std::int64_t attempt) {
    attempts.push_back(attempt);
    return attempt < 3 ? std::vector<std::string>{} : std::vector<std::string>{"10.0.0.9"};
  };
  JoinStats stats;
  capture_log([&] { stats = joiner.run(); });
  EXPECT_EQ(attempts, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(stats.addresses, std::vector<std::string>{"10.0.0.9"});
}

TEST(RetryJoiner, LogsTheRealErrorOfEachAttempt) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.max_attempts = 1;
  int joins = 0;
  joiner.join = [&](const std::vector<std::string> &) {
    return failure(++joins == 1 ? "first: connection refused" : "second: no route to host");
  };
  const std::string log = capture_log([&] { (void)joiner.run(); });
  // Consul would log the previous attempt's (nil) error here.
  EXPECT_NE(log.find("Join cluster failed, will retry: cluster=LAN retry_interval=30s "
                     "error=\"first: connection refused\""),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("second"), std::string::npos) << "the last attempt is not retried";
}

TEST(RetryJoiner, StopMidWaitEndsTheLoopAtOnce) {
  FakeClock clock(FakeClock::Mode::manual);
  plugins::StopSource shutdown;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.shutdown = &shutdown;
  joiner.join = [](const std::vector<std::string> &) { return failure("refused"); };
  const auto started = clock.now();
  JoinStats stats;
  capture_log([&] {
    std::thread runner([&] { stats = joiner.run(); });
    ASSERT_TRUE(clock.wait_for_waiters(1, 10s));
    shutdown.request_stop();
    runner.join();
  });
  EXPECT_EQ(stats.outcome, Outcome::stopped);
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(clock.now(), started) << "the 30 s wait did not run out";
}

TEST(RetryJoiner, StopDuringAnAttemptEndsWithoutARetryLine) {
  FakeClock clock;
  plugins::StopSource shutdown;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.shutdown = &shutdown;
  joiner.join = [&](const std::vector<std::string> &) {
    shutdown.request_stop();  // as a cancelled backend call returns
    return failure("cancelled");
  };
  JoinStats stats;
  const std::string log = capture_log([&] { stats = joiner.run(); });
  EXPECT_EQ(stats.outcome, Outcome::stopped);
  EXPECT_EQ(log.find("will retry"), std::string::npos) << log;
  EXPECT_TRUE(clock.waits().empty());
}

TEST(RetryJoiner, ReadySignalEndsTheLoopEarly) {
  FakeClock clock(FakeClock::Mode::manual);
  plugins::StopSource shutdown;
  plugins::StopSource ready;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.wording = discovery::Wording::mesh_gateways;
  joiner.shutdown = &shutdown;
  joiner.ready = &ready;
  joiner.resolve = [](std::int64_t) { return std::vector<std::string>{}; };
  JoinStats stats;
  capture_log([&] {
    std::thread runner([&] { stats = joiner.run(); });
    ASSERT_TRUE(clock.wait_for_waiters(1, 10s));
    ready.request_stop();
    runner.join();
  });
  EXPECT_EQ(stats.outcome, Outcome::ready);
  EXPECT_FALSE(shutdown.stop_requested());
}

TEST(RetryJoiner, TellsItsProgressOfEveryAttemptAndTheOutcome) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.max_attempts = 3;
  int calls = 0;
  joiner.join = [&calls](const std::vector<std::string> &addresses) {
    return ++calls < 3 ? failure("refused")
                       : JoinResult{.ok = true, .joined = addresses.size(), .error = {}};
  };
  std::vector<std::string> lines;
  service::RunStatus progress([&lines](const std::string &line) { lines.push_back(line); });
  joiner.progress = &progress;
  capture_log([&] { EXPECT_EQ(joiner.run().outcome, Outcome::joined); });
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "LAN: joining", "LAN: attempt 1 failed, retrying in 30s",
                       "LAN: joining (attempt 2)", "LAN: attempt 2 failed, retrying in 30s",
                       "LAN: joining (attempt 3)", "LAN: joined 2 agents after 3 attempts"}));

  calls = -10;  // fails every attempt of the budget
  lines.clear();
  capture_log([&] { EXPECT_EQ(joiner.run().outcome, Outcome::exhausted); });
  EXPECT_EQ(lines.back(), "LAN: retry join failed after 4 attempts");
}

TEST(RetryJoiner, TellsItsProgressWhenTheReadySignalEndsIt) {
  FakeClock clock(FakeClock::Mode::manual);
  plugins::StopSource ready;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.cluster = "primary";
  joiner.wording = discovery::Wording::mesh_gateways;
  joiner.ready = &ready;
  joiner.resolve = [](std::int64_t) { return std::vector<std::string>{}; };
  service::RunStatus progress(nullptr);
  joiner.progress = &progress;
  capture_log([&] {
    std::thread runner([&] { (void)joiner.run(); });
    ASSERT_TRUE(clock.wait_for_waiters(1, 10s));
    ready.request_stop();
    runner.join();
  });
  EXPECT_EQ(progress.line(),
            "primary: the primary datacenter's mesh gateways learnt through the WAN");
}

TEST(RetryJoiner, ManualClockRetriesWhenTheTestAdvancesTime) {
  FakeClock clock(FakeClock::Mode::manual);
  RetryJoiner joiner = lan_joiner(clock);
  int joins = 0;
  joiner.join = [&](const std::vector<std::string> &addresses) {
    return ++joins == 1 ? failure("refused")
                        : JoinResult{.ok = true, .joined = addresses.size(), .error = {}};
  };
  JoinStats stats;
  capture_log([&] {
    std::thread runner([&] { stats = joiner.run(); });
    ASSERT_TRUE(clock.wait_for_waiters(1, 10s));
    clock.advance(29s);
    clock.advance(1s);
    runner.join();
  });
  EXPECT_EQ(stats.outcome, Outcome::joined);
  EXPECT_EQ(stats.attempts, 2);
  EXPECT_EQ(stats.duration, 30s);
}

TEST(RetryJoiner, FixedIntervalByDefault) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.interval = 5s;
  joiner.max_attempts = 4;
  joiner.join = [](const std::vector<std::string> &) { return failure("refused"); };
  capture_log([&] { (void)joiner.run(); });
  EXPECT_EQ(clock.waits(), (std::vector<std::chrono::nanoseconds>{5s, 5s, 5s, 5s}));
}

TEST(RetryJoiner, ExponentialBackoffStaysWithinItsDoublingCeiling) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.interval = 1s;
  joiner.backoff_max = 10s;
  joiner.max_attempts = 30;
  joiner.random = [engine = std::mt19937_64(42)]() mutable {
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
  joiner.join = [](const std::vector<std::string> &) { return failure("refused"); };
  capture_log([&] { (void)joiner.run(); });
  const std::vector<std::chrono::nanoseconds> waits = clock.waits();
  ASSERT_EQ(waits.size(), 30u);
  std::chrono::nanoseconds ceiling = 1s;
  for (const auto wait : waits) {
    EXPECT_GE(wait, 0s);
    EXPECT_LE(wait, ceiling);
    ceiling = std::min<std::chrono::nanoseconds>(ceiling * 2, 10s);
  }
  EXPECT_GT(std::set<std::chrono::nanoseconds>(waits.begin(), waits.end()).size(), 20u)
      << "full jitter: the waits differ";
}

TEST(RetryJoiner, ExponentialBackoffCeilingDoublesUpToTheMaximum) {
  RetryJoiner joiner;
  joiner.interval = 1s;
  joiner.backoff_max = 10s;
  const RandomSource top = [] { return 1.0; };
  EXPECT_EQ(joiner.wait_after(1, top), 1s);
  EXPECT_EQ(joiner.wait_after(2, top), 2s);
  EXPECT_EQ(joiner.wait_after(4, top), 8s);
  EXPECT_EQ(joiner.wait_after(5, top), 10s);
  EXPECT_EQ(joiner.wait_after(1'000'000, top), 10s);
  EXPECT_EQ(joiner.wait_after(3, [] { return 0.0; }), 0s);
}

TEST(RetryJoiner, ExponentialBackoffCeilingNeverDropsBelowTheInterval) {
  RetryJoiner joiner;
  joiner.interval = 30s;
  joiner.backoff_max = 10s;
  EXPECT_EQ(joiner.wait_after(3, [] { return 1.0; }), 30s);
}

TEST(RetryJoiner, BackoffLogsTheWaitItChose) {
  FakeClock clock;
  RetryJoiner joiner = lan_joiner(clock);
  joiner.interval = 4s;
  joiner.backoff_max = 1min;
  joiner.max_attempts = 1;
  joiner.random = [] { return 0.5; };
  joiner.join = [](const std::vector<std::string> &) { return failure("refused"); };
  const std::string log = capture_log([&] { (void)joiner.run(); });
  EXPECT_NE(log.find("retry_interval=2s"), std::string::npos) << log;
}

}  // namespace
}  // namespace joinery::join
