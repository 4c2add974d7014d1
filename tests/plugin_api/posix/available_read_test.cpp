// posix::read_available: what a non-blocking pipe holds, at most `limit` bytes, and
// whether it ended.
#include <joinery/posix/available_read.hpp>
#include <joinery/posix/unique_fd.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace {

using joinery::posix::ReadEnd;

struct NonblockingPipe {
  joinery::posix::Pipe pipe;
  NonblockingPipe() {
    EXPECT_EQ(joinery::posix::make_pipe(pipe), 0);
    joinery::posix::set_nonblocking(pipe.read_end.get());
  }
  void put(const std::string &text) const {
    EXPECT_EQ(::write(pipe.write_end.get(), text.data(), text.size()),
              static_cast<ssize_t>(text.size()));
  }
};

ReadEnd read_into(int fd, std::size_t limit, std::string &into) {
  return joinery::posix::read_available(fd, limit,
                                        [&](std::string_view chunk) { into.append(chunk); });
}

TEST(ReadAvailable, ReadsWhatIsThereAndSaysItIsDrained) {
  const NonblockingPipe pipe;
  pipe.put("some output\n");
  std::string got;
  EXPECT_EQ(read_into(pipe.pipe.read_end.get(), 1 << 20, got), ReadEnd::drained);
  EXPECT_EQ(got, "some output\n");
}

TEST(ReadAvailable, StopsAtItsLimitAndLeavesTheRest) {
  const NonblockingPipe pipe;
  pipe.put(std::string(100, 'x'));
  std::string got;
  EXPECT_EQ(read_into(pipe.pipe.read_end.get(), 10, got), ReadEnd::drained);
  EXPECT_EQ(got.size(), 10U);
  got.clear();
  EXPECT_EQ(read_into(pipe.pipe.read_end.get(), 1000, got), ReadEnd::drained);
  EXPECT_EQ(got.size(), 90U);
}

TEST(ReadAvailable, SaysTheStreamEndedOnceTheWriterClosedIt) {
  NonblockingPipe pipe;
  pipe.put("last words");
  pipe.pipe.write_end.reset();
  std::string got;
  EXPECT_EQ(read_into(pipe.pipe.read_end.get(), 1 << 20, got), ReadEnd::ended);
  EXPECT_EQ(got, "last words");
}

TEST(ReadAvailable, ReportsAReadError) {
  std::string got;
  EXPECT_EQ(read_into(-1, 1 << 20, got), ReadEnd::failed);
  EXPECT_EQ(errno, EBADF);
}

}  // namespace
