#include "service/run_status.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace joinery::service {
namespace {

using namespace std::chrono_literals;

TEST(RunStatus, NothingHeardIsNothingToJoin) {
  const RunStatus status(nullptr);
  EXPECT_EQ(status.line(), "nothing to join");
}

TEST(RunStatus, PublishesEachChangeOfAClusterInOrder) {
  std::vector<std::string> lines;
  RunStatus status([&lines](const std::string &line) { lines.push_back(line); });
  status.attempt_started("LAN", 1);
  status.attempt_failed("LAN", 1, 30s);
  status.attempt_started("LAN", 2);
  status.joined("LAN", 2, 3);
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "LAN: joining", "LAN: attempt 1 failed, retrying in 30s",
                       "LAN: joining (attempt 2)", "LAN: joined 3 agents after 2 attempts"}));
  EXPECT_EQ(status.line(), lines.back());
}

TEST(RunStatus, ShowsEveryClusterInTheOrderFirstHeard) {
  RunStatus status(nullptr);
  status.attempt_started("primary", 1);
  status.attempt_started("LAN", 1);
  status.joined("primary", 1, 2);
  status.attempt_started("WAN", 1);
  status.attempt_failed("LAN", 1, 1500ms);
  EXPECT_EQ(status.line(),
            "primary: found the primary datacenter's mesh gateways after 1 attempt; "
            "LAN: attempt 1 failed, retrying in 1.5s; WAN: joining");
}

TEST(RunStatus, SaysHowManyAttemptsASpentBudgetTook) {
  RunStatus status(nullptr);
  status.attempt_started("WAN", 4);
  EXPECT_EQ(status.line(), "WAN: joining (attempt 4)");
  status.exhausted("WAN", 4);
  EXPECT_EQ(status.line(), "WAN: retry join failed after 4 attempts");
  status.joined("LAN", 1, 1);
  EXPECT_EQ(status.line(),
            "WAN: retry join failed after 4 attempts; LAN: joined 1 agent after 1 attempt");
}

TEST(RunStatus, PrimaryGatewaysLearntThroughTheWanEndTheirRetries) {
  RunStatus status(nullptr);
  status.attempt_failed("primary", 3, 30s);
  status.found_elsewhere("primary");
  EXPECT_EQ(status.line(),
            "primary: the primary datacenter's mesh gateways learnt through the WAN");
}

TEST(RunStatus, TakesReportsFromTheLanAndWanThreadsAtOnce) {
  std::vector<std::string> lines;
  RunStatus status([&lines](const std::string &line) { lines.push_back(line); });
  const auto attempts = [&status](const std::string &cluster) {
    for (std::int64_t attempt = 1; attempt <= 200; ++attempt) {
      status.attempt_started(cluster, attempt);
      status.attempt_failed(cluster, attempt, 1ms);
    }
  };
  {
    std::jthread wan(attempts, "WAN");
    attempts("LAN");
  }
  EXPECT_EQ(lines.size(), 800u);
  const std::string line = status.line();
  EXPECT_NE(line.find("LAN: attempt 200 failed, retrying in 1ms"), std::string::npos) << line;
  EXPECT_NE(line.find("WAN: attempt 200 failed, retrying in 1ms"), std::string::npos) << line;
}

}  // namespace
}  // namespace joinery::service
