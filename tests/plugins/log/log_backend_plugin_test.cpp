// The log backend plugin as the host calls it, its `record` file in a temporary
// directory: what it appends, and the files it refuses to write (the tests run as root).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "support/bundled_plugin.hpp"
#include "support/file_text.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using plugins::CallContext;

class LogBackendRecord : public testing::Test {
 protected:
  plugins::PluginResult join_recording(const std::filesystem::path &record) {
    CallContext create_call({});
    const auto [result, instance] =
        backend_->create(create_call, checked(backend_->keys(), {{"record", record.string()}}));
    EXPECT_TRUE(result.ok()) << result.message;
    if (instance == nullptr) return result;
    CallContext call({});
    return instance->join(call, "LAN", {"10.0.0.1", "[::1]:8301"}).result;
  }

  TempDir dir_;
  BundledPlugins plugins_;
  std::shared_ptr<const plugins::JoinBackend> backend_ = plugins_.backend("log");
};

TEST_F(LogBackendRecord, AppendsOneLineAnAttempt) {
  const auto record = dir_.path() / "joins.txt";
  ASSERT_TRUE(join_recording(record).ok());
  ASSERT_TRUE(join_recording(record).ok());
  EXPECT_EQ(file_text(record), "LAN 10.0.0.1 [::1]:8301\nLAN 10.0.0.1 [::1]:8301\n");
}

TEST_F(LogBackendRecord, RefusesASymbolicLinkAndLeavesItsTargetAlone) {
  const auto target = dir_.write("root-only", "secret\n");
  const auto link = dir_.path() / "joins.txt";
  std::filesystem::create_symlink(target, link);
  const plugins::PluginResult result = join_recording(link);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.message,
            "record: cannot append to " + link.string() + ": it is a symbolic link");
  EXPECT_EQ(file_text(target), "secret\n");
}

TEST_F(LogBackendRecord, RefusesWhatIsNotARegularFileWithoutBlocking) {
  const auto fifo = dir_.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(join_recording(fifo).message.find("record: cannot append to " + fifo.string()),
            std::string::npos);
  const plugins::PluginResult device = join_recording("/dev/full");
  EXPECT_FALSE(device.ok());
  EXPECT_EQ(device.message, "record: cannot append to /dev/full: not a regular file");
}

TEST_F(LogBackendRecord, AsRootRefusesAFileAnotherUserOwnsInAStickyDirectory) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  ASSERT_EQ(::chmod(dir_.path().c_str(), 01777), 0);
  const auto planted = dir_.write("joins.txt", "");
  ASSERT_EQ(::chown(planted.c_str(), 65534, 65534), 0);
  const plugins::PluginResult result = join_recording(planted);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.message, "record: cannot append to " + planted.string() +
                                ": owned by uid 65534, not root, in the sticky directory " +
                                dir_.path().string());
  EXPECT_EQ(file_text(planted), "");
}

}  // namespace
}  // namespace joinery::test
