#include "service/systemd_notifier.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "support/notify_socket.hpp"
#include "support/temp_dir.hpp"

namespace joinery::service {
namespace {

using test::NotifySocket;

TEST(SystemdNotifier, SendsOneDatagramToASocketPath) {
  const test::TempDir dir;
  NotifySocket socket((dir.path() / "notify").string());
  const SystemdNotifier notifier(socket.address());
  EXPECT_TRUE(notifier.notify("READY=1\nSTATUS=LAN: joined 3 agents after 1 attempt"));
  EXPECT_TRUE(notifier.notify("STOPPING=1"));
  EXPECT_EQ(socket.received(),
            (std::vector<std::string>{"READY=1\nSTATUS=LAN: joined 3 agents after 1 attempt",
                                      "STOPPING=1"}));
}

TEST(SystemdNotifier, SendsToTheAbstractNamespaceForAnAtSign) {
  NotifySocket socket(test::unique_abstract_name());
  const SystemdNotifier notifier(socket.address());
  EXPECT_TRUE(notifier.notify("READY=1"));
  EXPECT_EQ(socket.received(), std::vector<std::string>{"READY=1"});
}

TEST(SystemdNotifier, UnusableAddressesAreQuietNoOps) {
  const test::TempDir dir;
  for (const std::string &address :
       {std::string("vsock:2:1234"), std::string("relative/notify"), std::string(200, '/'),
        (dir.path() / "nobody-listens").string()}) {
    const SystemdNotifier notifier(address);
    EXPECT_FALSE(notifier.notify("READY=1")) << address;
  }
}

TEST(SystemdNotifier, NotifyAndWaitReturnsOnceTheBarrierWasRead) {
  const test::TempDir dir;
  NotifySocket socket((dir.path() / "notify").string());  // reads and closes, as systemd
  const SystemdNotifier notifier(socket.address());
  EXPECT_TRUE(notifier.notify_and_wait("READY=1", std::chrono::seconds(30)));
  EXPECT_EQ(socket.received(), (std::vector<std::string>{"READY=1", "BARRIER=1"}));
}

TEST(SystemdNotifier, NotifyAndWaitGivesUpWhenNothingReadsTheSocket) {
  const test::TempDir dir;
  const std::string path = (dir.path() / "unread").string();
  const int unread = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un where{};
  where.sun_family = AF_UNIX;
  std::memcpy(where.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(::bind(unread, reinterpret_cast<const sockaddr *>(&where), sizeof where), 0);
  const SystemdNotifier notifier(path);
  EXPECT_FALSE(notifier.notify_and_wait("READY=1", std::chrono::milliseconds(50)));
  ::close(unread);
}

TEST(TakeNotifySocket, ReturnsItAndRemovesItFromTheEnvironment) {
  ::setenv("NOTIFY_SOCKET", "@systemd/notify", 1);
  EXPECT_EQ(take_notify_socket(), "@systemd/notify");
  EXPECT_EQ(std::getenv("NOTIFY_SOCKET"), nullptr);
  EXPECT_EQ(take_notify_socket(), std::nullopt);
}

TEST(TakeNotifySocket, EmptyIsUnsetAndRemoved) {
  ::setenv("NOTIFY_SOCKET", "", 1);
  EXPECT_EQ(take_notify_socket(), std::nullopt);
  EXPECT_EQ(std::getenv("NOTIFY_SOCKET"), nullptr);
}

}  // namespace
}  // namespace joinery::service
