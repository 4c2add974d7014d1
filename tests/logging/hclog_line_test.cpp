// Golden lines: every line the LAN, WAN and primary-gateway joiners write, at the
// level they write it, in text and in JSON, against the bytes go-hclog v0.12 writes for
// the same message and fields (the version Consul 1.8 pinned; intlogger.go as vendored
// in Consul 1.8). The rules each golden follows, and where they come from:
//  - text (intlogger.go, log()): time as "2006-01-02T15:04:05.000Z0700" in local time,
//    ' ', the level bracket ("[INFO] ", padded to 7), ' ', "name: ", the message; with
//    fields, ':' and " key=value" each; the logger's With() fields first.
//  - a string value is quoted when it contains a space, \t, \n or \r (ContainsAny), and
//    written as it is otherwise: an empty string is nothing ("servers=") in v0.12 (later
//    hclog versions write ""; v0.12 does not).
//  - an int in decimal (strconv.FormatInt); a time.Duration through %v (Duration's
//    String(): "30s", "1m30s"); an error through %v (its Error()).
//  - a []string through renderSlice: "[a, b]", items quoted by the same rule, the whole
//    never quoted (raw = true).
//  - JSON (logJSON, jsonMapEntry): a map with @level, @message, @module, @timestamp
//    ("2006-01-02T15:04:05.000000Z07:00") and the fields, through json.Encoder: keys
//    sorted, a repeated key once, ints as numbers, a time.Duration as its int64
//    nanoseconds, []string as an array, an error as its Error() string, strings escaped
//    with HTML escaping on (\u003c, \u003e, \u0026).
// The deliberate difference (docs/retry-join.md, "differs from Consul") is tested last:
// in text lines, control characters, invalid UTF-8, '\' and (in values) '"' are
// escaped where hclog v0.12 writes them raw.
#include "logging/hclog_line.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <ostream>
#include <string>
#include <vector>

namespace joinery::logging {
namespace {

using namespace std::chrono_literals;

// 2020-07-05T16:07:17.259123Z, the time of a Consul 1.8 log in an issue thread.
Timestamp utc_time() {
  std::tm fields{};
  fields.tm_year = 2020 - 1900;
  fields.tm_mon = 6;
  fields.tm_mday = 5;
  fields.tm_hour = 16;
  fields.tm_min = 7;
  fields.tm_sec = 17;
  const auto at = std::chrono::system_clock::from_time_t(timegm(&fields)) + 259123us;
  return {at, 0s};
}

struct Golden {
  Level level;
  std::string name;
  std::string message;
  std::vector<Field> fields;
  std::string text;  // after "2020-07-05T16:07:17.259Z "
  std::string json;  // after {"@level":"...","@message":"...","@module":"...","@timestamp":"..."
};

void PrintTo(const Golden &golden, std::ostream *os) {
  *os << golden.text;
}

std::string json_prefix(const Golden &golden) {
  std::string message;  // the messages here hold no character JSON escapes but '"'
  for (const char c : golden.message) {
    message += c == '"' ? std::string("\\\"") : std::string(1, c);
  }
  const char *level = golden.level == Level::debug  ? "debug"
                      : golden.level == Level::info ? "info"
                      : golden.level == Level::warn ? "warn"
                                                    : "error";
  return std::string(R"({"@level":")") + level + R"(","@message":")" + message +
         R"(","@module":")" + golden.name + R"(","@timestamp":"2020-07-05T16:07:17.259123Z")";
}

class ConsulLine : public testing::TestWithParam<Golden> {};

TEST_P(ConsulLine, TextIsHclogsBytes) {
  const Golden &golden = GetParam();
  EXPECT_EQ(hclog_text_line(utc_time(), golden.level, golden.name, golden.message, golden.fields),
            "2020-07-05T16:07:17.259Z " + golden.text);
}

TEST_P(ConsulLine, JsonIsHclogsBytes) {
  const Golden &golden = GetParam();
  EXPECT_EQ(hclog_json_line(utc_time(), golden.level, golden.name, golden.message, golden.fields),
            json_prefix(golden) + golden.json + "}");
}

const std::vector<Field> lan{{"cluster", "LAN"}};

std::vector<Field> with(std::vector<Field> implied, std::vector<Field> call) {
  implied.insert(implied.end(), call.begin(), call.end());
  return implied;
}

// The serf joiners (LAN; the WAN's are the same with WAN), agent/retry_join.go and
// agent/agent.go, with their logger a.logger.With("cluster", "LAN").
INSTANTIATE_TEST_SUITE_P(
    SerfJoiner, ConsulLine,
    testing::Values(
        Golden{Level::info, "agent", "Retry join is supported for the following discovery methods",
               with(lan, {{"discovery_methods", "dns file static"}}),
               "[INFO]  agent: Retry join is supported for the following discovery methods: "
               "cluster=LAN discovery_methods=\"dns file static\"",
               R"(,"cluster":"LAN","discovery_methods":"dns file static")"},
        Golden{Level::info, "agent", "Joining cluster...", lan,
               "[INFO]  agent: Joining cluster...: cluster=LAN", R"(,"cluster":"LAN")"},
        // go-discover's Printf("[DEBUG] discover: Using provider %q") through the
        // logger's StandardLogger(InferLevels): level taken from the prefix, then cut.
        Golden{Level::debug, "agent", "discover: Using provider \"dns\"", lan,
               "[DEBUG] agent: discover: Using provider \"dns\": cluster=LAN",
               R"(,"cluster":"LAN")"},
        // "cluster" twice in text (implied, then the call's); once in the JSON map.
        Golden{Level::info, "agent", "Discovered servers",
               with(lan, {{"cluster", "LAN"}, {"servers", "10.0.0.1 10.0.0.2"}}),
               "[INFO]  agent: Discovered servers: cluster=LAN cluster=LAN "
               "servers=\"10.0.0.1 10.0.0.2\"",
               R"(,"cluster":"LAN","servers":"10.0.0.1 10.0.0.2")"},
        Golden{Level::info, "agent", "Discovered servers",
               with(lan, {{"cluster", "LAN"}, {"servers", "10.0.0.1"}}),
               "[INFO]  agent: Discovered servers: cluster=LAN cluster=LAN servers=10.0.0.1",
               R"(,"cluster":"LAN","servers":"10.0.0.1")"},
        // An empty string is written as nothing.
        Golden{Level::info, "agent", "Discovered servers",
               with(lan, {{"cluster", "LAN"}, {"servers", ""}}),
               "[INFO]  agent: Discovered servers: cluster=LAN cluster=LAN servers=",
               R"(,"cluster":"LAN","servers":"")"},
        Golden{Level::error, "agent", "Cannot discover address",
               with(lan, {{"address", "provider=dns name=consul.example"},
                          {"error", "dns: lookup consul.example: no such host"}}),
               "[ERROR] agent: Cannot discover address: cluster=LAN "
               "address=\"provider=dns name=consul.example\" "
               "error=\"dns: lookup consul.example: no such host\"",
               R"(,"address":"provider=dns name=consul.example",)"
               R"("cluster":"LAN","error":"dns: lookup consul.example: no such host")"},
        // Agent.JoinLAN logs through a.logger itself: no cluster field.
        Golden{Level::info,
               "agent",
               "(LAN) joining",
               {{"lan_addresses", std::vector<std::string>{"10.0.0.1", "10.0.0.2:8301"}}},
               "[INFO]  agent: (LAN) joining: lan_addresses=[10.0.0.1, 10.0.0.2:8301]",
               R"(,"lan_addresses":["10.0.0.1","10.0.0.2:8301"])"},
        Golden{Level::info,
               "agent",
               "(LAN) joined",
               {{"number_of_nodes", 2}},
               "[INFO]  agent: (LAN) joined: number_of_nodes=2",
               R"(,"number_of_nodes":2)"},
        Golden{Level::warn,
               "agent",
               "(LAN) couldn't join",
               {{"number_of_nodes", 0},
                {"error", "Failed to join 10.0.0.1:8301: dial tcp 10.0.0.1:8301: i/o timeout"}},
               "[WARN]  agent: (LAN) couldn't join: number_of_nodes=0 "
               "error=\"Failed to join 10.0.0.1:8301: dial tcp 10.0.0.1:8301: i/o timeout\"",
               R"(,"error":"Failed to join 10.0.0.1:8301: dial tcp 10.0.0.1:8301: i/o timeout",)"
               R"("number_of_nodes":0)"},
        Golden{Level::info, "agent", "Join cluster completed. Synced with initial agents",
               with(lan, {{"num_agents", 2}}),
               "[INFO]  agent: Join cluster completed. Synced with initial agents: cluster=LAN "
               "num_agents=2",
               R"(,"cluster":"LAN","num_agents":2)"},
        // retry_interval is a time.Duration: its String() in text, nanoseconds in JSON.
        Golden{Level::warn, "agent", "Join cluster failed, will retry",
               with(lan, {{"retry_interval", std::chrono::nanoseconds(30s)},
                          {"error", "No servers to join"}}),
               "[WARN]  agent: Join cluster failed, will retry: cluster=LAN retry_interval=30s "
               "error=\"No servers to join\"",
               R"(,"cluster":"LAN","error":"No servers to join","retry_interval":30000000000)"},
        Golden{
            Level::warn, "agent", "Join cluster failed, will retry",
            with({{"cluster", "WAN"}}, {{"retry_interval", std::chrono::nanoseconds(90s + 500ms)},
                                        {"error", "(WAN) nothing"}}),
            "[WARN]  agent: Join cluster failed, will retry: cluster=WAN "
            "retry_interval=1m30.5s error=\"(WAN) nothing\"",
            R"(,"cluster":"WAN","error":"(WAN) nothing","retry_interval":90500000000)"},
        Golden{Level::info,
               "agent",
               "(WAN) joining",
               {{"wan_addresses", std::vector<std::string>{"*.dc1/192.0.2.2"}}},
               "[INFO]  agent: (WAN) joining: wan_addresses=[*.dc1/192.0.2.2]",
               R"(,"wan_addresses":["*.dc1/192.0.2.2"])"},
        // retryJoinWAN on a client, through a.logger, without fields.
        Golden{Level::warn,
               "agent",
               "(WAN) couldn't join: Err: Must be a server to join WAN cluster",
               {},
               "[WARN]  agent: (WAN) couldn't join: Err: Must be a server to join WAN cluster",
               ""}));

// The primary-gateways joiner: the mesh-gateway variant, with a.logger (no implied
// cluster), and agent/consul/gateway_locator.go's line.
INSTANTIATE_TEST_SUITE_P(
    MeshGatewayJoiner, ConsulLine,
    testing::Values(
        Golden{Level::info,
               "agent",
               "Refreshing mesh gateways is supported for the following discovery methods",
               {{"discovery_methods", "dns static"}},
               "[INFO]  agent: Refreshing mesh gateways is supported for the following discovery "
               "methods: discovery_methods=\"dns static\"",
               R"(,"discovery_methods":"dns static")"},
        Golden{Level::info,
               "agent",
               "Refreshing mesh gateways...",
               {},
               "[INFO]  agent: Refreshing mesh gateways...",
               ""},
        Golden{Level::info,
               "agent",
               "Discovered mesh gateways",
               {{"cluster", "primary"}, {"mesh_gateways", "10.1.0.1:443 10.1.0.2:443"}},
               "[INFO]  agent: Discovered mesh gateways: cluster=primary "
               "mesh_gateways=\"10.1.0.1:443 10.1.0.2:443\"",
               R"(,"cluster":"primary","mesh_gateways":"10.1.0.1:443 10.1.0.2:443")"},
        Golden{Level::info,
               "agent.server.gateway_locator",
               "updated fallback list of primary mesh gateways",
               {{"mesh_gateways", std::vector<std::string>{"10.1.0.1:443", "10.1.0.2:443"}}},
               "[INFO]  agent.server.gateway_locator: updated fallback list of primary mesh "
               "gateways: mesh_gateways=[10.1.0.1:443, 10.1.0.2:443]",
               R"(,"mesh_gateways":["10.1.0.1:443","10.1.0.2:443"])"},
        Golden{Level::info,
               "agent",
               "Refreshing mesh gateways completed",
               {},
               "[INFO]  agent: Refreshing mesh gateways completed",
               ""},
        Golden{Level::warn,
               "agent",
               "Refreshing mesh gateways failed, will retry",
               {{"retry_interval", std::chrono::nanoseconds(30s)},
                {"error", "No mesh gateways found"}},
               "[WARN]  agent: Refreshing mesh gateways failed, will retry: retry_interval=30s "
               "error=\"No mesh gateways found\"",
               R"(,"error":"No mesh gateways found","retry_interval":30000000000)"},
        // command/agent: the exhausted joiner's error, then the agent exits 1.
        Golden{Level::error,
               "agent",
               "Retry join failed",
               {{"error", "agent: max join LAN retry exhausted, exiting"}},
               "[ERROR] agent: Retry join failed: "
               "error=\"agent: max join LAN retry exhausted, exiting\"",
               R"(,"error":"agent: max join LAN retry exhausted, exiting")"}));

TEST(HclogLine, LevelsAreBracketedAndPaddedToSeven) {
  const Timestamp time = utc_time();
  EXPECT_EQ(hclog_text_line(time, Level::trace, "agent", "m", {}),
            "2020-07-05T16:07:17.259Z [TRACE] agent: m");
  EXPECT_EQ(hclog_text_line(time, Level::debug, "agent", "m", {}),
            "2020-07-05T16:07:17.259Z [DEBUG] agent: m");
  EXPECT_EQ(hclog_text_line(time, Level::info, "agent", "m", {}),
            "2020-07-05T16:07:17.259Z [INFO]  agent: m");
  EXPECT_EQ(hclog_text_line(time, Level::warn, "agent", "m", {}),
            "2020-07-05T16:07:17.259Z [WARN]  agent: m");
  EXPECT_EQ(hclog_text_line(time, Level::error, "agent", "m", {}),
            "2020-07-05T16:07:17.259Z [ERROR] agent: m");
  EXPECT_EQ(hclog_json_line(time, Level::trace, "agent", "m", {}),
            R"({"@level":"trace","@message":"m","@module":"agent",)"
            R"("@timestamp":"2020-07-05T16:07:17.259123Z"})");
}

// Go's time.Format: "Z" for UTC, else the offset (-0700 in text, -07:00 in JSON); the
// fraction cut, not rounded.
TEST(HclogLine, TimeIsLocalWithItsZoneOffset) {
  Timestamp time = utc_time();
  time.at += 999us;  // .260122: still .260 in text
  time.utc_offset = -(5h + 30min);
  EXPECT_EQ(hclog_text_line(time, Level::info, "agent", "m", {}),
            "2020-07-05T10:37:17.260-0530 [INFO]  agent: m");
  EXPECT_NE(hclog_json_line(time, Level::info, "agent", "m", {})
                .find(R"("@timestamp":"2020-07-05T10:37:17.260122-05:30")"),
            std::string::npos);
  time.utc_offset = 2h;
  EXPECT_EQ(hclog_text_line(time, Level::info, "agent", "m", {}),
            "2020-07-05T18:07:17.260+0200 [INFO]  agent: m");
}

// encoding/json's string rules (HTML escaping on, as json.NewEncoder's default).
TEST(HclogLine, JsonStringsAreEscapedAsEncodingJson) {
  const std::string line =
      hclog_json_line(utc_time(), Level::error, "agent", "a<b>&c",
                      {{"error", "quote \" back \\ nl \n cr \r tab \t esc \x1b bs \b del \x7f"},
                       {"sep", "line\xE2\x80\xA8para\xE2\x80\xA9"},
                       {"bad", "\xFF\xC3"},
                       {"ok", "caf\xC3\xA9"}});
  EXPECT_EQ(line, R"({"@level":"error","@message":"a\u003cb\u003e\u0026c","@module":"agent",)"
                  R"("@timestamp":"2020-07-05T16:07:17.259123Z","bad":"\ufffd\ufffd",)"
                  R"("error":"quote \" back \\ nl \n cr \r tab \t esc \u001b bs \u0008 del )"
                  "\x7f"
                  R"(","ok":"caf)"
                  "\xC3\xA9"
                  R"(","sep":"line\u2028para\u2029"})");
}

// A field a later one repeats is written once, with the later value (a Go map).
TEST(HclogLine, JsonKeepsTheLastOfARepeatedKey) {
  EXPECT_EQ(hclog_json_line(utc_time(), Level::info, "agent", "m",
                            {{"cluster", "LAN"}, {"cluster", "WAN"}}),
            R"({"@level":"info","@message":"m","@module":"agent",)"
            R"("@timestamp":"2020-07-05T16:07:17.259123Z","cluster":"WAN"})");
}

TEST(HclogLine, ListItemsWithSpaceAreQuotedTheListNever) {
  EXPECT_EQ(hclog_text_line(utc_time(), Level::info, "agent", "(LAN) joining",
                            {{"lan_addresses", std::vector<std::string>{"a", " b", ""}}}),
            "2020-07-05T16:07:17.259Z [INFO]  agent: (LAN) joining: lan_addresses=[a, \" b\", ]");
  EXPECT_EQ(hclog_text_line(utc_time(), Level::info, "agent", "m",
                            {{"empty", std::vector<std::string>{}}}),
            "2020-07-05T16:07:17.259Z [INFO]  agent: m: empty=[]");
}

// Deliberately unlike hclog v0.12 (log injection, issue 17 item 6): hclog writes a
// message and values raw, so a newline in either starts a forged line and ANSI escapes
// reach the terminal. Escaped here: C0, DEL, C1 controls and invalid UTF-8 as \xNN,
// '\' as \\, and '"' inside values as \".
TEST(HclogLine, ControlCharactersCannotForgeALineOrReachTheTerminal) {
  const std::string line = hclog_text_line(
      utc_time(), Level::info, "agent.plugin.evil",
      "found\n2020-07-05T16:07:17.259Z [ERROR] agent: fake line \x1b[31mred\xC2\x9b\xFF",
      {{"error", "a \"b\" c\\d\ne"}, {"quoteonly", "x\"y"}, {"tab", "a\tb"}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_EQ(line,
            "2020-07-05T16:07:17.259Z [INFO]  agent.plugin.evil: "
            R"(found\x0a2020-07-05T16:07:17.259Z [ERROR] agent: fake line \x1b[31mred\xc2\x9b\xff)"
            R"(: error="a \"b\" c\\d\x0ae" quoteonly=x\"y tab="a\x09b")");
}

}  // namespace
}  // namespace joinery::logging
