// sdk::read_regular_file: what the host and every bundled plugin read files through.
// A FIFO with no writer, /dev/zero and a huge sparse file must each fail at once with
// the reason; a file at the limit is read whole, one byte more is refused.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <joinery/sdk/regular_file.hpp>
#include <string>

namespace joinery::sdk {
namespace {

// A directory of its own, removed at the end.
class RegularFileTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/joinery-regular-file-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string &name, const std::string &text) const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(RegularFileTest, ReadsAFileWhole) {
  const std::string text(100000, 'x');
  const FileText read = read_regular_file(write("f", text), 1 << 20);
  ASSERT_TRUE(read) << read.error;
  EXPECT_EQ(read.text, text);
}

TEST_F(RegularFileTest, ReadsAFileOfExactlyTheLimitAndRefusesOneByteMore) {
  const FileText at = read_regular_file(write("at", std::string(4096, 'x')), 4096);
  ASSERT_TRUE(at) << at.error;
  EXPECT_EQ(at.text.size(), 4096u);
  const FileText over = read_regular_file(write("over", std::string(4097, 'x')), 4096);
  EXPECT_FALSE(over);
  EXPECT_EQ(over.error, "larger than 4 KiB");
  EXPECT_EQ(over.text, "");
}

TEST_F(RegularFileTest, RefusesAHugeSparseFileWithoutReadingIt) {
  const std::string path = (dir_ / "sparse").string();
  ASSERT_EQ(::truncate(write("sparse", "").c_str(), off_t{1} << 30), 0);  // 1 GiB of holes
  const FileText read = read_regular_file(path, std::size_t{16} << 20);
  EXPECT_FALSE(read);
  EXPECT_EQ(read.error, "larger than 16 MiB");
}

TEST_F(RegularFileTest, RefusesAFifoWithNoWriterWithoutBlocking) {
  const std::string path = (dir_ / "fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const FileText read = read_regular_file(path, 1 << 20);  // would block for ever if opened
  EXPECT_FALSE(read);
  EXPECT_EQ(read.error, "not a regular file (a FIFO)");
  EXPECT_EQ(read.error_number, 0);
}

TEST_F(RegularFileTest, RefusesDevZeroInsteadOfReadingForEver) {
  const FileText read = read_regular_file("/dev/zero", 1 << 20);
  EXPECT_FALSE(read);
  EXPECT_EQ(read.error, "not a regular file (a character device)");
}

TEST_F(RegularFileTest, SaysADirectoryIsOneAndAMissingFileIsMissing) {
  const FileText directory = read_regular_file(dir_.string(), 1 << 20);
  EXPECT_EQ(directory.error, "Is a directory");
  EXPECT_EQ(directory.error_number, EISDIR);
  const FileText missing = read_regular_file((dir_ / "absent").string(), 1 << 20);
  EXPECT_EQ(missing.error, "No such file or directory");
  EXPECT_EQ(missing.error_number, ENOENT);
}

// /proc files report size 0 but have content: the limit holds while reading.
TEST_F(RegularFileTest, BoundsAFileWhoseSizeSaysNothing) {
  const FileText whole = read_regular_file("/proc/self/status", 1 << 20);
  ASSERT_TRUE(whole) << whole.error;
  EXPECT_NE(whole.text.find("Name:"), std::string::npos);
  const FileText cut = read_regular_file("/proc/self/status", 100);
  EXPECT_EQ(cut.error, "larger than 100 bytes");
}

TEST(FormatSize, NamesTheUnitThatDividesEvenly) {
  EXPECT_EQ(format_size(std::uintmax_t{1} << 30), "1 GiB");
  EXPECT_EQ(format_size(std::size_t{64} << 20), "64 MiB");
  EXPECT_EQ(format_size(std::size_t{64} << 10), "64 KiB");
  EXPECT_EQ(format_size(1000), "1000 bytes");
}

}  // namespace
}  // namespace joinery::sdk
