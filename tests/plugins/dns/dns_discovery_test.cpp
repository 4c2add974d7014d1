// The `dns` provider's lookups against a real dnsmasq on loopback.
#include "dns/dns_discovery.hpp"

#include <unistd.h>

#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include <algorithm>
#include <thread>

#include "support/dnsmasq.hpp"

namespace joinery::dns {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::Dnsmasq;

// One dnsmasq for every test here: starting one per test would only cost time.
class DnsDiscovery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new Dnsmasq({.hosts = {{"one.test", {"127.0.0.11"}},
                                     {"two.test", {"127.0.0.21", "127.0.0.22"}},
                                     {"six.test", {"fd00::6"}},
                                     {"dual.test", {"127.0.0.31", "fd00::31"}},
                                     {"alias.test", {"127.0.0.11"}}}});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static DnsSettings settings(std::vector<std::string> names,
                              AddressFamily family = AddressFamily::any) {
    DnsSettings settings;
    settings.names = std::move(names);
    settings.family = family;
    settings.resolver = parse_name_server(server_->address());
    settings.timeout = seconds(5);
    return settings;
  }

  static Discovered discover(const DnsSettings &settings) { return discover_dns(settings, {}); }

  // The status and message of the error discover() throws.
  static std::pair<sdk::Status, std::string> failure(const DnsSettings &settings,
                                                     const sdk::CallBounds &bounds) {
    try {
      (void)discover_dns(settings, bounds);
    } catch (const sdk::Error &error) {
      return {error.status(), error.what()};
    }
    ADD_FAILURE() << "expected an error";
    return {sdk::Status::ok, ""};
  }
  static std::pair<sdk::Status, std::string> failure(const DnsSettings &settings) {
    return failure(settings, {});
  }

  static std::vector<std::string> sorted(std::vector<std::string> list) {
    std::sort(list.begin(), list.end());
    return list;
  }

  static Dnsmasq *server_;
};

Dnsmasq *DnsDiscovery::server_ = nullptr;

TEST_F(DnsDiscovery, ReturnsTheARecordOfAName) {
  const Discovered found = discover(settings({"one.test"}, AddressFamily::ipv4));
  EXPECT_EQ(found.addresses, std::vector<std::string>{"127.0.0.11"});
  EXPECT_TRUE(found.warnings.empty());
}

TEST_F(DnsDiscovery, ReturnsEveryARecordOfAName) {
  const Discovered found = discover(settings({"two.test"}, AddressFamily::ipv4));
  EXPECT_EQ(sorted(found.addresses), (std::vector<std::string>{"127.0.0.21", "127.0.0.22"}));
}

TEST_F(DnsDiscovery, ReturnsAaaaRecordsWithTypeAaaa) {
  EXPECT_EQ(discover(settings({"dual.test"}, AddressFamily::ipv6)).addresses,
            std::vector<std::string>{"fd00::31"});
}

TEST_F(DnsDiscovery, AnyReturnsIpv4BeforeIpv6) {
  EXPECT_EQ(discover(settings({"dual.test"})).addresses,
            (std::vector<std::string>{"127.0.0.31", "fd00::31"}));
}

TEST_F(DnsDiscovery, AppendsThePortAndBracketsIpv6) {
  DnsSettings with_port = settings({"dual.test"});
  with_port.port = 8301;
  EXPECT_EQ(discover(with_port).addresses,
            (std::vector<std::string>{"127.0.0.31:8301", "[fd00::31]:8301"}));
}

TEST_F(DnsDiscovery, LooksUpSeveralNamesAndDropsDuplicates) {
  const Discovered found = discover(settings({"one.test", "alias.test", "six.test"}));
  EXPECT_EQ(found.addresses, (std::vector<std::string>{"127.0.0.11", "fd00::6"}));
  EXPECT_TRUE(found.warnings.empty());
}

TEST_F(DnsDiscovery, NxdomainOfTheOnlyNameIsNotFoundNamingTheName) {
  const auto [status, message] = failure(settings({"missing.test"}));
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_EQ(message, "lookup missing.test on " + server_->address() + ": no such host");
}

TEST_F(DnsDiscovery, NxdomainOfEveryNameNamesEachOne) {
  const auto [status, message] = failure(settings({"missing.test", "gone.test"}));
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_NE(message.find("none of the 2 names resolved"), std::string::npos) << message;
  EXPECT_NE(message.find("lookup missing.test"), std::string::npos) << message;
  EXPECT_NE(message.find("lookup gone.test"), std::string::npos) << message;
}

TEST_F(DnsDiscovery, NxdomainOfOneOfSeveralNamesIsAWarning) {
  const Discovered found = discover(settings({"missing.test", "one.test"}));
  EXPECT_EQ(found.addresses, std::vector<std::string>{"127.0.0.11"});
  ASSERT_EQ(found.warnings.size(), 1u);
  EXPECT_EQ(found.warnings[0], "lookup missing.test on " + server_->address() + ": no such host");
}

TEST_F(DnsDiscovery, ANameWithoutRecordsOfTheTypeIsNotFound) {
  const auto [status, message] = failure(settings({"one.test"}, AddressFamily::ipv6));
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_EQ(message, "lookup one.test on " + server_->address() + ": no AAAA records");
}

TEST_F(DnsDiscovery, AsksAServerOnIpv6) {
  Dnsmasq v6({.hosts = {{"one.test", {"127.0.0.11"}}}, .host = "::1"});
  DnsSettings over_v6 = settings({"one.test"});
  over_v6.resolver = parse_name_server(v6.address());
  EXPECT_EQ(discover(over_v6).addresses, std::vector<std::string>{"127.0.0.11"});
}

TEST_F(DnsDiscovery, LooksUpAfreshOnEveryCall) {
  Dnsmasq changing({.hosts = {{"moving.test", {"127.0.0.41"}}}});
  DnsSettings moving = settings({"moving.test"});
  moving.resolver = parse_name_server(changing.address());
  EXPECT_EQ(discover(moving).addresses, std::vector<std::string>{"127.0.0.41"});

  changing.replace_hosts({{"moving.test", {"127.0.0.42"}}});
  // dnsmasq re-reads its hosts file when it handles the SIGHUP: wait for that.
  std::vector<std::string> now;
  for (int i = 0; i < 200; ++i) {
    now = discover(moving).addresses;
    if (now != std::vector<std::string>{"127.0.0.41"}) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(now, std::vector<std::string>{"127.0.0.42"});
}

TEST_F(DnsDiscovery, AServerThatIsDownFailsAsUnavailable) {
  Dnsmasq stopped({});
  const std::string address = stopped.address();
  stopped.stop();
  DnsSettings down = settings({"one.test"});
  down.resolver = parse_name_server(address);
  const auto [status, message] = failure(down);
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_EQ(message, "lookup one.test on " + address +
                         ": the DNS server could not be reached or refused the query");
}

// A dnsmasq that receives queries and never answers (paused), and settings that ask it.
class HungServer {
 public:
  HungServer(std::vector<std::string> names, std::chrono::milliseconds timeout) {
    server_.pause();
    settings_.names = std::move(names);
    settings_.resolver = parse_name_server(server_.address());
    settings_.timeout = timeout;
  }
  [[nodiscard]] const DnsSettings &settings() const { return settings_; }
  [[nodiscard]] std::string address() const { return server_.address(); }

 private:
  Dnsmasq server_{{}};
  DnsSettings settings_;
};

TEST_F(DnsDiscovery, AServerThatNeverAnswersTimesOutAfterTheTimeout) {
  const HungServer hung({"one.test", "two.test"}, milliseconds(300));
  const auto [status, message] = failure(hung.settings());
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_NE(message.find("lookup one.test on " + hung.address()), std::string::npos) << message;
  EXPECT_NE(message.find("lookup two.test on " + hung.address()), std::string::npos) << message;
}

TEST_F(DnsDiscovery, CancellationThroughTheCancelFdStopsALookup) {
  const HungServer hung({"one.test"}, seconds(60));
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  sdk::CallBounds bounds;
  bounds.cancel_fd = pipe_fds[0];
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(50));
    ASSERT_EQ(::write(pipe_fds[1], "x", 1), 1);
  });
  const auto [status, message] = failure(hung.settings(), bounds);
  canceller.join();
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  EXPECT_EQ(status, sdk::Status::cancelled);
  EXPECT_EQ(message, "lookup one.test on " + hung.address() + ": cancelled");
}

TEST_F(DnsDiscovery, TheHostDeadlineEndsALookupAsCancelled) {
  const HungServer hung({"one.test"}, seconds(60));
  sdk::CallBounds bounds;
  bounds.deadline = std::chrono::steady_clock::now() + milliseconds(100);
  EXPECT_EQ(failure(hung.settings(), bounds).first, sdk::Status::cancelled);
}

TEST_F(DnsDiscovery, ACancelledCallWithoutCancelFdIsNoticedByPolling) {
  const HungServer hung({"one.test"}, seconds(60));
  sdk::CallBounds bounds;
  const auto cancel_at = std::chrono::steady_clock::now() + milliseconds(100);
  bounds.cancelled = [cancel_at] { return std::chrono::steady_clock::now() >= cancel_at; };
  EXPECT_EQ(failure(hung.settings(), bounds).first, sdk::Status::cancelled);
}

}  // namespace
}  // namespace joinery::dns
