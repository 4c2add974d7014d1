// The lines a whole run writes, in order and byte for byte (the time aside), against
// what Consul 1.8 writes for the same joins: agent/retry_join.go's joiner, agent.go's
// JoinLAN/JoinWAN, go-discover's debug line and the gateway locator, as hclog v0.12
// renders them (tests/logging/hclog_line_test.cpp says where each rendering rule comes
// from). Only the "agent" and gateway-locator lines are compared: the plugins' own
// lines (agent.plugin.*) are joinery's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <regex>
#include <sstream>

#include "join/joinery_command.hpp"

namespace joinery::test {
namespace {

using ConsulLogLines = JoineryCommand;

// Lines of `log` from the given loggers, each without its time; the value of
// discovery_methods (every installed provider) written as <installed> once checked to
// be sorted and to hold `provider`.
std::vector<std::string> consul_lines(const std::string &log, const std::string &provider) {
  static const std::regex text_time(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d{4}) )");
  static const std::regex methods(R"re(discovery_methods="([^"]*)")re");
  std::vector<std::string> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    std::smatch time;
    if (!std::regex_search(line, time, text_time)) {
      ADD_FAILURE() << "no hclog time: " << line;
      continue;
    }
    const std::string after_time = time.suffix().str();
    line = after_time;
    // The level column is 8 wide ("[INFO]  ", "[DEBUG] "), the logger's name follows.
    const std::string logger = line.substr(8, line.find(": ", 8) - 8);
    if (logger != "agent" && logger != "agent.server.gateway_locator") {
      continue;
    }
    std::smatch names;
    if (std::regex_search(line, names, methods)) {
      std::istringstream words(names[1].str());
      std::vector<std::string> listed{std::istream_iterator<std::string>(words), {}};
      EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end())) << line;
      EXPECT_NE(std::find(listed.begin(), listed.end(), provider), listed.end()) << line;
      const std::string named =
          names.prefix().str() + "discovery_methods=<installed>" + names.suffix().str();
      line = named;
    }
    out.push_back(line);
  }
  return out;
}

TEST_F(ConsulLogLines, LanRetryThenJoinAtDebugLevel) {
  const CommandResult result =
      joinery("run", {"-retry-join", "provider=static addrs=10.0.0.1", "-retry-join", "10.0.0.3",
                      "-retry-interval", "1ms", "--log-level", "debug", "--join-backend",
                      "flaky fail_times=1 state_file=" + file("state")});
  ASSERT_EQ(result.status, 0) << result.err;
  const std::string failed = "flaky: attempt 1 of 1 fails on purpose (token )";
  EXPECT_EQ(consul_lines(result.err, "static"),
            (std::vector<std::string>{
                "[INFO]  agent: Retry join is supported for the following discovery methods: "
                "cluster=LAN discovery_methods=<installed>",
                "[INFO]  agent: Joining cluster...: cluster=LAN",
                "[DEBUG] agent: discover: Using provider \"static\": cluster=LAN",
                "[INFO]  agent: Discovered servers: cluster=LAN cluster=LAN servers=10.0.0.1",
                "[INFO]  agent: (LAN) joining: lan_addresses=[10.0.0.1, 10.0.0.3]",
                "[WARN]  agent: (LAN) couldn't join: number_of_nodes=0 error=\"" + failed + "\"",
                "[WARN]  agent: Join cluster failed, will retry: cluster=LAN retry_interval=1ms "
                "error=\"" +
                    failed + "\"",
                "[DEBUG] agent: discover: Using provider \"static\": cluster=LAN",
                "[INFO]  agent: Discovered servers: cluster=LAN cluster=LAN servers=10.0.0.1",
                "[INFO]  agent: (LAN) joining: lan_addresses=[10.0.0.1, 10.0.0.3]",
                "[INFO]  agent: (LAN) joined: number_of_nodes=2",
                "[INFO]  agent: Join cluster completed. Synced with initial agents: cluster=LAN "
                "num_agents=2"}))
      << result.err;
}

TEST_F(ConsulLogLines, SpentBudgetAtInfoLevel) {
  const CommandResult result =
      joinery("run", {"-retry-join", "10.0.0.1", "-retry-max", "1", "-retry-interval", "1ms",
                      "--join-backend", "flaky fail_times=9 state_file=" + file("state")});
  ASSERT_EQ(result.status, 1) << result.err;
  const auto failed = [](int attempt) {
    return "flaky: attempt " + std::to_string(attempt) + " of 9 fails on purpose (token )";
  };
  EXPECT_EQ(consul_lines(result.err, "static"),
            (std::vector<std::string>{
                "[INFO]  agent: Retry join is supported for the following discovery methods: "
                "cluster=LAN discovery_methods=<installed>",
                "[INFO]  agent: Joining cluster...: cluster=LAN",
                "[INFO]  agent: (LAN) joining: lan_addresses=[10.0.0.1]",
                "[WARN]  agent: (LAN) couldn't join: number_of_nodes=0 error=\"" + failed(1) + "\"",
                "[WARN]  agent: Join cluster failed, will retry: cluster=LAN retry_interval=1ms "
                "error=\"" +
                    failed(1) + "\"",
                "[INFO]  agent: (LAN) joining: lan_addresses=[10.0.0.1]",
                "[WARN]  agent: (LAN) couldn't join: number_of_nodes=0 error=\"" + failed(2) + "\"",
                "[ERROR] agent: Retry join failed: error=\"agent: max join LAN retry exhausted, "
                "exiting\""}))
      << result.err;
}

// The JSON line of every message of a federated secondary: the gateways' joiner, the
// locator's update, then the WAN's joiner through them. Keys sorted, each once, numbers
// as numbers, lists as arrays; "@timestamp" with microseconds and the zone.
TEST_F(ConsulLogLines, FederatedSecondaryInJson) {
  const std::string config = federated_secondary_config(
      "[join.lan]\nbackend = \"flaky\"\n"
      "state_file = \"" +
      file("lan.txt") + "\"\n");
  const CommandResult result =
      joinery("run", {"--config", config, "--log-json", "-retry-join", "10.0.0.1"});
  ASSERT_EQ(result.status, 0) << result.err;
  static const std::regex json_time(
      R"re("@timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)")re");
  static const std::regex methods(R"re("discovery_methods":"[^"]*")re");
  std::vector<std::string> wan_and_gateways;
  std::istringstream in(result.err);
  for (std::string line; std::getline(in, line);) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    EXPECT_TRUE(std::regex_search(line, json_time)) << line;
    line = std::regex_replace(line, json_time, R"("@timestamp":"T")");
    line = std::regex_replace(line, methods, R"("discovery_methods":"<installed>")");
    const bool consul =
        line.find(R"("@module":"agent")") != std::string::npos ||
        line.find(R"("@module":"agent.server.gateway_locator")") != std::string::npos;
    // The LAN joins at the same time on its own thread: its lines are checked in text.
    if (consul && line.find("LAN") == std::string::npos) {
      wan_and_gateways.push_back(line);
    }
  }
  const std::string head = R"({"@level":"info","@message":")";
  const std::string agent = R"(","@module":"agent","@timestamp":"T")";
  EXPECT_EQ(wan_and_gateways,
            (std::vector<std::string>{
                head + "Refreshing mesh gateways is supported for the following discovery methods" +
                    agent + R"(,"discovery_methods":"<installed>"})",
                head + "Refreshing mesh gateways..." + agent + "}",
                head + "Discovered mesh gateways" + agent +
                    R"(,"cluster":"primary","mesh_gateways":"10.9.0.2:443 10.9.0.1:443"})",
                head + "updated fallback list of primary mesh gateways" +
                    R"(","@module":"agent.server.gateway_locator","@timestamp":"T")" +
                    R"(,"mesh_gateways":["10.9.0.1:443","10.9.0.2:443"]})",
                head + "Refreshing mesh gateways completed" + agent + "}",
                head + "Retry join is supported for the following discovery methods" + agent +
                    R"(,"cluster":"WAN","discovery_methods":"<installed>"})",
                head + "Joining cluster..." + agent + R"(,"cluster":"WAN"})",
                head + "(WAN) joining" + agent + R"(,"wan_addresses":["*.dc1/192.0.2.2"]})",
                head + "(WAN) joined" + agent + R"(,"number_of_nodes":1})",
                head + "Join cluster completed. Synced with initial agents" + agent +
                    R"(,"cluster":"WAN","num_agents":1})"}))
      << result.err;
}

}  // namespace
}  // namespace joinery::test
