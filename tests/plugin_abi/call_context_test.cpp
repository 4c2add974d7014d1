// The host side of a call: cancellation, the deadline, the stop descriptor, errors,
// gateway routes and plugin log lines, as a plugin sees them through joinery_host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/call_context.hpp"
#include "base/gateway_routes.hpp"
#include "base/plugin_result.hpp"
#include "loading/host_services.hpp"
#include "logging/log.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using joinery::plugins::CallContext;
using joinery::plugins::host_services;
using joinery::plugins::StopSource;
using testing::HasSubstr;

joinery_str str(std::string_view text) {
  return {text.data(), text.size()};
}

bool readable(int fd) {
  pollfd poll_fd{fd, POLLIN, 0};
  return ::poll(&poll_fd, 1, 0) == 1;
}

TEST(StopSource, StaysRequestedAndItsDescriptorStaysReadable) {
  StopSource stop;
  EXPECT_FALSE(stop.stop_requested());
  EXPECT_FALSE(readable(stop.fd()));
  stop.request_stop();
  stop.request_stop();
  EXPECT_TRUE(stop.stop_requested());
  EXPECT_TRUE(readable(stop.fd()));
  EXPECT_TRUE(readable(stop.fd()));
  EXPECT_TRUE(stop.flag().raised());
}

TEST(CallContext, HasNoDeadlineUnlessGivenOne) {
  CallContext call(CallContext::Options{});
  EXPECT_EQ(call.remaining_ms(), -1);
  EXPECT_FALSE(call.cancelled());
  EXPECT_EQ(call.cancel_fd(), -1);
}

TEST(CallContext, IsCancelledOnceTheDeadlinePassed) {
  CallContext::Options options;
  options.deadline = std::chrono::steady_clock::now() - 1ms;
  CallContext call(std::move(options));
  EXPECT_EQ(call.remaining_ms(), 0);
  EXPECT_TRUE(call.deadline_passed());
  EXPECT_TRUE(call.cancelled());
}

TEST(CallContext, CountsDownToTheDeadline) {
  CallContext::Options options;
  options.deadline = std::chrono::steady_clock::now() + 1h;
  CallContext call(std::move(options));
  EXPECT_GT(call.remaining_ms(), 3500 * 1000);
  EXPECT_LE(call.remaining_ms(), 3600 * 1000);
  EXPECT_FALSE(call.cancelled());
}

TEST(HostServices, ReportCancellationThroughTheCallsStopSource) {
  StopSource stop;
  CallContext::Options options;
  options.stop = &stop;
  CallContext call(std::move(options));
  const joinery_host *host = host_services();
  EXPECT_EQ(host->is_cancelled(host, &call), 0);
  EXPECT_EQ(host->cancel_fd(host, &call), stop.fd());
  stop.request_stop();
  EXPECT_EQ(host->is_cancelled(host, &call), 1);
  EXPECT_EQ(host->remaining_ms(host, &call), -1);
}

TEST(PluginResult, NamesTheFunctionWhenAFailureCameWithoutAMessage) {
  const auto result =
      joinery::plugins::make_result(JOINERY_UNAVAILABLE, "", "provider 'dns': discover");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.message, "provider 'dns': discover failed (unavailable) without saying why");
  EXPECT_EQ(joinery::plugins::make_result(JOINERY_OK, "ignored", "x").message, "");
  EXPECT_EQ(joinery::plugins::status_name(42), "status 42");
}

TEST(HostServices, DescribeThemselves) {
  const joinery_host *host = host_services();
  EXPECT_EQ(host->struct_size, sizeof(joinery_host));
  EXPECT_EQ(host->abi_major, static_cast<std::uint32_t>(JOINERY_ABI_MAJOR));
  EXPECT_STREQ(host->host_name, "joinery");
  EXPECT_STREQ(host->host_version, JOINERY_VERSION);
}

TEST(HostServices, KeepTheLastErrorSet) {
  CallContext call(CallContext::Options{});
  const joinery_host *host = host_services();
  host->set_error(host, &call, str("first"));
  host->set_error(host, &call, str("lookup of consul.service failed"));
  EXPECT_EQ(call.error(), "lookup of consul.service failed");
  host->set_error(host, nullptr, str("no call: ignored"));  // must not crash
}

class FixedRoutes final : public joinery::plugins::GatewayRoutes {
 public:
  std::vector<std::string> route(std::string_view datacenter) const override {
    if (datacenter == "dc1") return {"10.0.0.1:8443", "[::1]:8443"};
    return {};
  }
};

TEST(HostServices, PushTheGatewayRouteOfADatacenter) {
  FixedRoutes routes;
  CallContext::Options options;
  options.routes = &routes;
  CallContext call(std::move(options));
  std::vector<std::string> got;
  const joinery_address_sink sink{&got, [](const joinery_address_sink *self, joinery_str address) {
                                    static_cast<std::vector<std::string> *>(self->host_data)
                                        ->emplace_back(address.data, address.size);
                                    return joinery_status{JOINERY_OK};
                                  }};
  const joinery_host *host = host_services();
  EXPECT_EQ(host->gateway_route(host, &call, str("dc1"), &sink), JOINERY_OK);
  EXPECT_EQ(got, (std::vector<std::string>{"10.0.0.1:8443", "[::1]:8443"}));
  EXPECT_EQ(host->gateway_route(host, &call, str("dc9"), &sink), JOINERY_NOT_FOUND);
  CallContext no_routes(CallContext::Options{});
  EXPECT_EQ(host->gateway_route(host, &no_routes, str("dc1"), &sink), JOINERY_NOT_FOUND);
}

// Runs `body` with stderr sent to a file and returns what was written.
template <class Body>
std::string captured_stderr(Body body) {
  joinery::test::TempDir dir;
  const std::string file = (dir.path() / "stderr").string();
  std::fflush(stderr);
  const int saved = ::dup(2);
  std::FILE *capture = std::fopen(file.c_str(), "w");
  ::dup2(::fileno(capture), 2);
  body();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::fclose(capture);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(HostServices, LogPluginLinesUnderTheCallsSubsystemWithSecretsMasked) {
  joinery::logging::add_secret("s3cr3t-token-value");
  CallContext::Options options;
  options.log_subsystem = "agent.plugin.dns";
  CallContext call(std::move(options));
  const joinery_host *host = host_services();
  const std::string out = captured_stderr([&] {
    host->log(host, &call, JOINERY_LOG_WARN, str("retrying with token=s3cr3t-token-value"));
  });
  EXPECT_THAT(out, HasSubstr("[WARN]  agent.plugin.dns: retrying with token=***"));
  EXPECT_THAT(out, testing::Not(HasSubstr("s3cr3t")));
}

TEST(HostServices, AttributeLinesWithoutACallToTheLibrary) {
  joinery::plugins::LibraryHost library("agent.plugin.acme");
  const joinery_host *host = library.table();
  const std::string out = captured_stderr(
      [&] { host->log(host, nullptr, JOINERY_LOG_ERROR, str("background refresh failed")); });
  EXPECT_THAT(out, HasSubstr("[ERROR] agent.plugin.acme: background refresh failed"));
}

}  // namespace
