// The three clusters wired as Consul's agent wires them, run with joins that record
// what they were given, on a fake clock.
#include "join/clusters.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>

#include "support/fake_clock.hpp"
#include "support/log_capture.hpp"

namespace joinery::join {
namespace {

using namespace std::chrono_literals;
using test::capture_log;

// What the joiners did, in the order they did it, from any thread.
class Journal {
 public:
  void add(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  std::vector<std::string> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> events_;
};

JoinResult joined(const std::vector<std::string> &addresses) {
  return {.ok = true, .joined = addresses.size(), .error = {}};
}

JoinResult refused(const std::vector<std::string> &) {
  return {.ok = false, .joined = 0, .error = "refused"};
}

// A plan under test: a fake clock, a journal of what the joiners did, the run's stop
// signal, and what the run logged.
class Harness {
 public:
  explicit Harness(FakeClock::Mode mode = FakeClock::Mode::instant) : clock(mode) {}

  // Gives every planned joiner the clock and a resolver that returns its entries as
  // they are, and the LAN and WAN joins that succeed; all journaled.
  void complete(ClusterPlan &plan) {
    for (RetryJoiner *joiner : {&plan.lan, plan.wan ? &*plan.wan : nullptr,
                                plan.primary_gateways ? &*plan.primary_gateways : nullptr}) {
      if (joiner == nullptr) continue;
      joiner->clock = &clock;
      joiner->resolve = [this, cluster = joiner->cluster, entries = joiner->entries](std::int64_t) {
        journal.add(cluster + " resolve");
        return entries;
      };
    }
    plan.lan.join = [this](const std::vector<std::string> &addresses) {
      journal.add("LAN join");
      return joined(addresses);
    };
    if (plan.wan) {
      plan.wan->join = [this](const std::vector<std::string> &addresses) {
        journal.add("WAN join " + addresses.front());
        return joined(addresses);
      };
    }
  }

  // Runs `plan` to its end.
  std::vector<ClusterReport> run(const ClusterPlan &plan) {
    std::vector<ClusterReport> reports;
    log = capture_log([&] { reports = run_clusters(plan, stop); });
    return reports;
  }

  // Runs `plan` to its end; meanwhile, once `waiters` joiners wait (manual clock),
  // calls `act` on this thread.
  template <class Act>
  std::vector<ClusterReport> run(const ClusterPlan &plan, std::size_t waiters, Act act) {
    std::vector<ClusterReport> reports;
    log = capture_log([&] {
      std::thread runner([&] { reports = run_clusters(plan, stop); });
      if (clock.wait_for_waiters(waiters, 10s)) {
        act();
      } else {
        ADD_FAILURE() << "the joiners never waited";
        stop.request_stop();
      }
      runner.join();
    });
    return reports;
  }

  FakeClock clock;
  Journal journal;
  plugins::StopSource stop;
  std::string log;
};

AgentSettings server_settings() {
  AgentSettings settings;
  settings.server = true;
  settings.lan.entries = {{"10.0.0.1", "a.toml:1:1"}};
  settings.wan.entries = {{"10.1.0.1", "a.toml:2:1"}};
  settings.wan.max_attempts = 3;
  settings.wan.interval = 10s;
  return settings;
}

AgentSettings secondary_settings() {
  AgentSettings settings = server_settings();
  settings.wan.entries.clear();  // Consul rejects retry_join_wan with WAN federation
  settings.datacenter = "dc2";
  settings.primary_datacenter = "dc1";
  settings.wan_federation = true;
  settings.primary_gateways.entries = {{"10.9.0.2:443", ""}, {"10.9.0.1:443", ""}};
  settings.primary_gateways.interval = 5s;
  return settings;
}

const ClusterReport &report_of(const std::vector<ClusterReport> &reports,
                               const std::string &cluster) {
  for (const ClusterReport &report : reports) {
    if (report.cluster == cluster) return report;
  }
  throw std::runtime_error("no report for " + cluster);
}

TEST(Clusters, ClientWithoutWanEntriesSkipsTheWanSilently) {
  AgentSettings settings = server_settings();
  settings.server = false;
  settings.wan.entries.clear();
  GatewayLocator locator(settings.primary_datacenter);
  ClusterPlan plan = plan_clusters(settings, locator);
  EXPECT_FALSE(plan.wan);
  EXPECT_EQ(plan.wan_skip, WanSkip::client);

  Harness harness;
  harness.complete(plan);
  const std::vector<ClusterReport> reports = harness.run(plan);
  EXPECT_EQ(harness.log.find("couldn't join"), std::string::npos) << harness.log;
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::skipped);
}

TEST(Clusters, ClientWithWanEntriesSkipsTheWanWithConsulsWarning) {
  AgentSettings settings = server_settings();
  settings.server = false;
  GatewayLocator locator(settings.primary_datacenter);
  ClusterPlan plan = plan_clusters(settings, locator);
  EXPECT_FALSE(plan.wan);
  EXPECT_EQ(plan.wan_skip, WanSkip::not_server);

  Harness harness;
  harness.complete(plan);
  const std::vector<ClusterReport> reports = harness.run(plan);
  EXPECT_NE(harness.log.find("[WARN]  agent: (WAN) couldn't join: Err: Must be a server to join "
                             "WAN cluster\n"),
            std::string::npos)
      << harness.log;
  EXPECT_EQ(report_of(reports, "LAN").stats.outcome, Outcome::joined);
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::skipped);
  EXPECT_EQ(harness.journal.events(), (std::vector<std::string>{"LAN resolve", "LAN join"}));
}

TEST(Clusters, ServerJoinsTheWanWithItsOwnOptions) {
  const AgentSettings settings = server_settings();
  GatewayLocator locator(settings.primary_datacenter);
  const ClusterPlan plan = plan_clusters(settings, locator);
  ASSERT_TRUE(plan.wan);
  EXPECT_FALSE(plan.primary_gateways);
  EXPECT_EQ(plan.wan->cluster, "WAN");
  EXPECT_EQ(plan.wan->entries, std::vector<std::string>{"10.1.0.1"});
  EXPECT_EQ(plan.wan->max_attempts, 3);
  EXPECT_EQ(plan.wan->interval, 10s);
  EXPECT_EQ(plan.lan.entries, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(plan.lan.interval, 30s);
}

TEST(Clusters, PrimaryDatacenterSkipsTheWanJoinWithFederation) {
  AgentSettings settings = secondary_settings();
  settings.primary_datacenter = settings.datacenter;
  GatewayLocator locator(settings.primary_datacenter);
  ClusterPlan plan = plan_clusters(settings, locator);
  EXPECT_FALSE(plan.wan);
  EXPECT_FALSE(plan.primary_gateways);
  EXPECT_EQ(plan.wan_skip, WanSkip::primary_datacenter);

  Harness harness;
  harness.complete(plan);
  const std::vector<ClusterReport> reports = harness.run(plan);
  EXPECT_EQ(harness.log.find("couldn't join"), std::string::npos);
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::skipped);
}

TEST(Clusters, SecondaryRefreshesPrimaryGatewaysThenJoinsThePlaceholder) {
  const AgentSettings settings = secondary_settings();
  GatewayLocator locator(settings.primary_datacenter);
  ClusterPlan plan = plan_clusters(settings, locator);
  ASSERT_TRUE(plan.primary_gateways);
  ASSERT_TRUE(plan.wan);
  EXPECT_EQ(plan.primary_gateways->wording, discovery::Wording::mesh_gateways);
  EXPECT_EQ(plan.primary_gateways->cluster, "primary");
  EXPECT_EQ(plan.primary_gateways->max_attempts, 0) << "never gives up";
  EXPECT_EQ(plan.primary_gateways->interval, 5s);
  EXPECT_EQ(plan.wan->entries, std::vector<std::string>{"*.dc1/192.0.2.2"});
  EXPECT_EQ(plan.wan->max_attempts, 3);

  Harness harness;
  harness.complete(plan);
  plan.lan.entries.clear();  // only the WAN side is of interest here
  std::vector<std::string> route_at_wan_join;
  plan.wan->join = [&](const std::vector<std::string> &addresses) {
    harness.journal.add("WAN join " + addresses.front());
    route_at_wan_join = locator.route("dc1");
    return joined(addresses);
  };
  const std::vector<ClusterReport> reports = harness.run(plan);
  EXPECT_EQ(harness.journal.events(), (std::vector<std::string>{"primary resolve", "WAN resolve",
                                                                "WAN join *.dc1/192.0.2.2"}));
  EXPECT_EQ(route_at_wan_join, (std::vector<std::string>{"10.9.0.1:443", "10.9.0.2:443"}));
  EXPECT_EQ(report_of(reports, "primary").stats.outcome, Outcome::joined);
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::joined);
}

// A federated secondary whose primary gateways are never found, on a manual clock.
class StalledSecondary {
 public:
  StalledSecondary() : locator(secondary_settings().primary_datacenter) {
    plan = plan_clusters(secondary_settings(), locator);
    harness.complete(plan);
    plan.lan.entries.clear();
    plan.primary_gateways->resolve = [](std::int64_t) { return std::vector<std::string>{}; };
  }

  GatewayLocator locator;
  ClusterPlan plan;
  Harness harness{FakeClock::Mode::manual};
};

TEST(Clusters, GatewayReadySignalEndsThePrimaryRefreshAndTheWanJoinFollows) {
  StalledSecondary secondary;
  const std::vector<ClusterReport> reports =
      secondary.harness.run(secondary.plan, 1, [&] { secondary.locator.mark_ready(); });
  EXPECT_EQ(report_of(reports, "primary").stats.outcome, Outcome::ready);
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::joined);
}

TEST(Clusters, ShutdownDuringThePrimaryRefreshSkipsTheWanJoin) {
  StalledSecondary secondary;
  const std::vector<ClusterReport> reports =
      secondary.harness.run(secondary.plan, 1, [&] { secondary.harness.stop.request_stop(); });
  EXPECT_EQ(report_of(reports, "primary").stats.outcome, Outcome::stopped);
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::stopped);
  EXPECT_TRUE(secondary.harness.journal.events().empty()) << "the WAN never resolved nor joined";
}

TEST(Clusters, LanAndWanJoinAtTheSameTime) {
  const AgentSettings settings = server_settings();
  GatewayLocator locator(settings.primary_datacenter);
  ClusterPlan plan = plan_clusters(settings, locator);
  Harness harness;
  harness.complete(plan);
  std::promise<void> wan_joining;
  std::shared_future<void> wan_started = wan_joining.get_future().share();
  // The LAN join only succeeds once the WAN join is under way: with one thread for
  // both, it would fail.
  plan.lan.join = [&](const std::vector<std::string> &addresses) {
    if (wan_started.wait_for(10s) != std::future_status::ready) {
      return JoinResult{.ok = false, .joined = 0, .error = "WAN never started"};
    }
    return joined(addresses);
  };
  plan.wan->join = [&](const std::vector<std::string> &addresses) {
    wan_joining.set_value();
    return joined(addresses);
  };
  const std::vector<ClusterReport> reports = harness.run(plan);
  EXPECT_EQ(report_of(reports, "LAN").stats.outcome, Outcome::joined);
  EXPECT_EQ(report_of(reports, "LAN").stats.attempts, 1);
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::joined);
}

TEST(Clusters, SpentBudgetStopsTheOtherCluster) {
  AgentSettings settings = server_settings();
  settings.lan.max_attempts = 1;
  settings.wan.max_attempts = 0;  // forever
  GatewayLocator locator(settings.primary_datacenter);
  ClusterPlan plan = plan_clusters(settings, locator);
  Harness harness(FakeClock::Mode::manual);
  harness.complete(plan);
  plan.lan.join = refused;
  plan.wan->join = refused;
  // Both failed once and wait; the LAN's second and last attempt fails.
  const std::vector<ClusterReport> reports =
      harness.run(plan, 2, [&] { harness.clock.advance(30s); });
  EXPECT_TRUE(harness.stop.stop_requested());
  EXPECT_EQ(report_of(reports, "LAN").stats.outcome, Outcome::exhausted);
  EXPECT_EQ(report_of(reports, "WAN").stats.outcome, Outcome::stopped);
}

TEST(Clusters, ReportsComeInLanWanPrimaryOrder) {
  const AgentSettings settings = secondary_settings();
  GatewayLocator locator(settings.primary_datacenter);
  ClusterPlan plan = plan_clusters(settings, locator);
  Harness harness;
  harness.complete(plan);
  const std::vector<ClusterReport> reports = harness.run(plan);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].cluster, "LAN");
  EXPECT_EQ(reports[1].cluster, "WAN");
  EXPECT_EQ(reports[2].cluster, "primary");
}

}  // namespace
}  // namespace joinery::join
