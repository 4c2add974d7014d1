// The serf backend's RPC conversation against real serf agents on loopback.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>
#include <joinery/sdk/status.hpp>

#include <thread>

#include "serf_rpc_session.hpp"
#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "support/serf_agent.hpp"
#include "support/silent_listener.hpp"
#include "support/thrown_error.hpp"

namespace joinery::serf {
namespace {

using namespace std::chrono_literals;
using sdk::CallBounds;
using sdk::Error;
using sdk::Status;
using test::SerfAgent;
using test::thrown_error;

SessionSettings settings_for(const std::string &rpc_addr, std::string auth = {}) {
  SessionSettings settings;
  settings.endpoint = RpcEndpoint::parse(rpc_addr);
  settings.auth_key = std::move(auth);
  settings.connect_timeout = 2s;
  settings.call_timeout = 5s;
  return settings;
}

std::size_t alive_members(const SerfAgent &agent) {
  std::size_t alive = 0;
  for (const auto &member : agent.members()) alive += member.status == "alive" ? 1 : 0;
  return alive;
}

TEST(SerfRpcSession, JoinsEveryAddressAndReportsHowMany) {
  SerfAgent a({.node = "a"}), b({.node = "b"}), c({.node = "c"});
  SerfRpcSession session(settings_for(a.rpc_address()));
  EXPECT_EQ(session.join({b.bind_address(), c.bind_address()}, false, {}), 2u);
  EXPECT_TRUE(a.wait_for_alive(3, 5s));
  EXPECT_TRUE(c.wait_for_alive(3, 5s));
}

TEST(SerfRpcSession, KeepsItsConnectionAcrossAttempts) {
  SerfAgent a({.node = "a"}), b({.node = "b"});
  SerfRpcSession session(settings_for(a.rpc_address()));
  std::vector<std::string> notes;
  const SessionLog log = [&](std::string_view note) { notes.emplace_back(note); };
  EXPECT_EQ(session.join({b.bind_address()}, false, {}, log), 1u);
  EXPECT_TRUE(session.connected());
  EXPECT_EQ(session.join({b.bind_address()}, true, {}, log), 1u);
  ASSERT_EQ(notes.size(), 1u) << "connected once";
  EXPECT_NE(notes[0].find("connected to the serf agent at " + a.rpc_address()), std::string::npos);
}

TEST(SerfRpcSession, ReportsTheAgentsJoinErrorVerbatim) {
  SerfAgent a({.node = "a"});
  const std::string nobody = "127.0.0.1:" + std::to_string(test::free_port());
  SerfRpcSession session(settings_for(a.rpc_address()));
  const Error error = thrown_error([&] { session.join({nobody}, false, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  const std::string text = error.what();
  EXPECT_EQ(text.rfind("1 error occurred:\n\t* Failed to join 127.0.0.1", 0), 0u) << text;
  EXPECT_NE(text.find("connection refused"), std::string::npos) << text;
  EXPECT_TRUE(session.connected()) << "an agent's join error leaves the connection usable";
  EXPECT_EQ(alive_members(a), 1u);
}

TEST(SerfRpcSession, CountsAPartialJoin) {
  SerfAgent a({.node = "a"}), b({.node = "b"});
  const std::string nobody = "127.0.0.1:" + std::to_string(test::free_port());
  SerfRpcSession session(settings_for(a.rpc_address()));
  EXPECT_EQ(session.join({nobody, b.bind_address()}, false, {}), 1u);
}

TEST(SerfRpcSession, AuthenticatesWithTheRightKey) {
  SerfAgent a({.node = "a", .rpc_auth = "s3cret-token"}), b({.node = "b"});
  SerfRpcSession session(settings_for(a.rpc_address(), "s3cret-token"));
  EXPECT_EQ(session.join({b.bind_address()}, false, {}), 1u);
}

TEST(SerfRpcSession, ReportsAWrongKeyAsTheAgentDoes) {
  SerfAgent a({.node = "a", .rpc_auth = "s3cret-token"}), b({.node = "b"});
  SerfRpcSession session(settings_for(a.rpc_address(), "wrong-token"));
  const Error error = thrown_error([&] { session.join({b.bind_address()}, false, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_STREQ(error.what(), "Invalid authentication token");
  EXPECT_FALSE(session.connected());
}

TEST(SerfRpcSession, ReportsAMissingKeyAsTheAgentDoes) {
  SerfAgent a({.node = "a", .rpc_auth = "s3cret-token"}), b({.node = "b"});
  SerfRpcSession session(settings_for(a.rpc_address()));
  const Error error = thrown_error([&] { session.join({b.bind_address()}, false, {}); });
  EXPECT_STREQ(error.what(), "Authentication required");
  EXPECT_FALSE(session.connected()) << "the agent left our join body unread";
}

TEST(SerfRpcSession, ReportsSerfsErrorWhenEncryptionDiffers) {
  SerfAgent encrypted({.node = "e", .encrypt = test::serf_keygen()}), plain({.node = "p"});
  SerfRpcSession session(settings_for(encrypted.rpc_address()));
  const Error error = thrown_error([&] { session.join({plain.bind_address()}, false, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_NE(std::string(error.what())
                .find("Failed to join 127.0.0.1: Encryption is configured but remote state is "
                      "not encrypted"),
            std::string::npos)
      << error.what();
}

TEST(SerfRpcSession, SaysWhenNoAgentListens) {
  const std::string nobody = "127.0.0.1:" + std::to_string(test::free_port());
  SerfRpcSession session(settings_for(nobody));
  const Error error = thrown_error([&] { session.join({"127.0.0.1:1"}, false, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_EQ(std::string(error.what()),
            "cannot reach the serf agent's RPC at " + nobody + ": Connection refused");
}

TEST(SerfRpcSession, GivesUpOnASilentAgentAfterConnectTimeout) {
  test::SilentListener silent;
  SessionSettings settings = settings_for(silent.address());
  settings.connect_timeout = 200ms;
  SerfRpcSession session(settings);
  const Error error = thrown_error([&] { session.join({"127.0.0.1:1"}, false, {}); });
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_EQ(std::string(error.what()), "the serf agent's RPC at " + silent.address() +
                                           " did not answer within 200ms (connect_timeout)");
}

TEST(SerfRpcSession, GivesUpOnAJoinAfterCallTimeoutAndReconnectsNextTime) {
  // With the lan profile the agent waits 10 s for a peer that accepts but never answers.
  SerfAgent a({.node = "a", .profile = "lan"}), b({.node = "b"});
  auto silent_peer = std::make_unique<test::SilentListener>();
  SessionSettings settings = settings_for(a.rpc_address());
  settings.call_timeout = 300ms;
  SerfRpcSession session(settings);
  const Error error = thrown_error([&] { session.join({silent_peer->address()}, false, {}); });
  // Serf runs one join at a time: end the agent's wait so the next join can start.
  silent_peer.reset();
  EXPECT_EQ(error.status(), Status::unavailable);
  EXPECT_EQ(std::string(error.what()), "the serf agent at " + a.rpc_address() +
                                           " did not finish the join within 300ms (call_timeout)");
  EXPECT_FALSE(session.connected()) << "a late answer must not be read as the next one's";
  EXPECT_EQ(session.join({b.bind_address()}, false, {}), 1u);
}

TEST(SerfRpcSession, StopsWhenTheHostCancels) {
  test::SilentListener silent;
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  SerfRpcSession session(settings_for(silent.address()));
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    ASSERT_EQ(::write(pipe_fds[1], "x", 1), 1);
  });
  CallBounds bounds;
  bounds.cancel_fd = pipe_fds[0];
  const Error error = thrown_error([&] { session.join({"127.0.0.1:1"}, false, bounds); });
  canceller.join();
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  EXPECT_EQ(error.status(), Status::cancelled);
  EXPECT_EQ(std::string(error.what()),
            "cancelled while talking to the serf agent at " + silent.address());
}

TEST(SerfRpcSession, StopsAtTheCallsDeadline) {
  test::SilentListener silent;
  SerfRpcSession session(settings_for(silent.address()));
  CallBounds bounds;
  bounds.deadline = Clock::now() + 150ms;
  const Error error = thrown_error([&] { session.join({"127.0.0.1:1"}, false, bounds); });
  EXPECT_EQ(error.status(), Status::cancelled);
  EXPECT_NE(std::string(error.what()).find("deadline passed"), std::string::npos);
}

// A socat forwarder in front of the agent's RPC port: stopping it breaks the kept
// connection as an agent restart would.
class RpcForwarder {
 public:
  RpcForwarder(std::uint16_t port, const SerfAgent &agent) {
    process_ = std::make_unique<test::ChildProcess>(std::vector<std::string>{
        "socat", "TCP-LISTEN:" + std::to_string(port) + ",bind=127.0.0.1,reuseaddr,fork",
        "TCP:" + agent.rpc_address()});
    if (!test::wait_for_port("127.0.0.1", port, 5s))
      throw std::runtime_error("socat did not start");
  }
  // socat forks a child per connection, in the forwarder's process group: stop all.
  void stop() {
    ::kill(-process_->pid(), SIGKILL);
    process_->stop(9);
  }
  ~RpcForwarder() { stop(); }

 private:
  std::unique_ptr<test::ChildProcess> process_;
};

TEST(SerfRpcSession, ReconnectsWhenTheKeptConnectionWasClosed) {
  SerfAgent a({.node = "a"}), b({.node = "b"});
  const std::uint16_t port = test::free_port();
  const std::string via = "127.0.0.1:" + std::to_string(port);
  SerfRpcSession session(settings_for(via));
  {
    RpcForwarder forwarder(port, a);
    EXPECT_EQ(session.join({b.bind_address()}, false, {}), 1u);
    forwarder.stop();
  }
  const Error broken = thrown_error([&] { session.join({b.bind_address()}, false, {}); });
  EXPECT_EQ(broken.status(), Status::unavailable);
  EXPECT_EQ(std::string(broken.what()).rfind("cannot reach the serf agent's RPC at " + via, 0), 0u)
      << broken.what();
  RpcForwarder again(port, a);
  EXPECT_EQ(session.join({b.bind_address()}, false, {}), 1u);
}

TEST(SerfRpcSession, JoinsOverIPv6) {
  SerfAgent a({.node = "a", .host = "::1"}), b({.node = "b", .host = "::1"});
  SerfRpcSession session(settings_for(a.rpc_address()));
  EXPECT_EQ(session.join({b.bind_address()}, false, {}), 1u);
  EXPECT_TRUE(a.wait_for_alive(2, 5s));
}

TEST(RpcEndpoint, ParsesHostsPortsAndBrackets) {
  const RpcEndpoint v4 = RpcEndpoint::parse("10.0.0.1:7000");
  EXPECT_EQ(v4.host, "10.0.0.1");
  EXPECT_EQ(v4.port, 7000);
  const RpcEndpoint v6 = RpcEndpoint::parse("[::1]:7374");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 7374);
  EXPECT_EQ(v6.text(), "[::1]:7374");
  EXPECT_EQ(RpcEndpoint::parse("localhost").port, 7373);
  EXPECT_EQ(RpcEndpoint::parse("::1").text(), "[::1]:7373");
}

TEST(RpcEndpoint, RejectsABadPortNamingTheKey) {
  for (const char *bad : {"127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:http", "[::1", ":7373"}) {
    const Error error = thrown_error([&] { (void)RpcEndpoint::parse(bad); });
    EXPECT_EQ(error.status(), Status::invalid_config) << bad;
    EXPECT_EQ(std::string(error.what()).rfind("rpc_addr: ", 0), 0u) << error.what();
  }
}

}  // namespace
}  // namespace joinery::serf
