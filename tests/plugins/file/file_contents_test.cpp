#include "file/file_contents.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include "support/temp_dir.hpp"

namespace joinery::file {
namespace {

using test::TempDir;

std::pair<sdk::Status, std::string> read_failure(const std::string &path) {
  try {
    (void)read_file_contents(path);
  } catch (const sdk::Error &error) {
    return {error.status(), error.what()};
  }
  ADD_FAILURE() << "expected an error";
  return {sdk::Status::ok, ""};
}

TEST(FileContents, ReadsTheWholeFile) {
  const TempDir dir;
  const std::string text(100000, 'x');
  EXPECT_EQ(read_file_contents(dir.write("peers", text)), text);
}

TEST(FileContents, ReadsAnEmptyFile) {
  const TempDir dir;
  EXPECT_EQ(read_file_contents(dir.write("peers", "")), "");
}

TEST(FileContents, AMissingFileIsNotFoundNamingTheFile) {
  const TempDir dir;
  const std::string path = (dir.path() / "absent").string();
  const auto [status, message] = read_failure(path);
  EXPECT_EQ(status, sdk::Status::not_found);
  EXPECT_EQ(message, "cannot read address file " + path + ": No such file or directory");
}

TEST(FileContents, ADirectoryIsUnavailableNamingIt) {
  const TempDir dir;
  const auto [status, message] = read_failure(dir.path().string());
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_EQ(message, "cannot read address file " + dir.path().string() + ": Is a directory");
}

TEST(FileContents, AFileWithoutReadPermissionIsUnavailableNamingIt) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  const TempDir dir;
  const std::string path = dir.write("secret", "10.0.0.1\n").string();
  ::chmod(path.c_str(), 0);
  const auto [status, message] = read_failure(path);
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_EQ(message, "cannot read address file " + path + ": Permission denied");
}

TEST(FileContents, AFileInAnUnreadableDirectoryPathIsUnavailable) {
  const TempDir dir;
  // A regular file used as a directory: ENOTDIR whoever runs the test.
  const std::string path = (dir.write("plain", "x") / "peers").string();
  const auto [status, message] = read_failure(path);
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_EQ(message, "cannot read address file " + path + ": Not a directory");
}

// A FIFO with no writer blocked the call for ever (and leaked its thread each attempt).
TEST(FileContents, RefusesAFifoWithoutBlocking) {
  const TempDir dir;
  const std::string path = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const auto [status, message] = read_failure(path);
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_EQ(message, "cannot read address file " + path + ": not a regular file (a FIFO)");
}

TEST(FileContents, RefusesAFileOverTheCapBeforeReadingIt) {
  const TempDir dir;
  const std::string path = dir.write("peers", "").string();
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kMaxAddressFileSize) + 1), 0);
  const auto [status, message] = read_failure(path);
  EXPECT_EQ(status, sdk::Status::unavailable);
  EXPECT_EQ(message, "cannot read address file " + path + ": larger than 64 MiB");
}

}  // namespace
}  // namespace joinery::file
