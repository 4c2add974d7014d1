// posix::UniqueFd and make_pipe: one owner closes, moving hands on, release gives up.
#include <joinery/posix/unique_fd.hpp>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>

namespace {

using joinery::posix::Pipe;
using joinery::posix::UniqueFd;

bool is_open(int fd) {
  return ::fcntl(fd, F_GETFD) >= 0;
}

TEST(UniqueFd, ClosesItsDescriptorWhenItGoes) {
  int fd = -1;
  {
    Pipe pipe;
    ASSERT_EQ(joinery::posix::make_pipe(pipe), 0);
    fd = pipe.read_end.get();
    EXPECT_TRUE(is_open(fd));
  }
  EXPECT_FALSE(is_open(fd));
}

TEST(UniqueFd, MovingHandsTheDescriptorOn) {
  Pipe pipe;
  ASSERT_EQ(joinery::posix::make_pipe(pipe), 0);
  const int fd = pipe.write_end.get();
  UniqueFd moved = std::move(pipe.write_end);
  EXPECT_FALSE(pipe.write_end.open());  // NOLINT: checking the moved-from state
  EXPECT_EQ(moved.get(), fd);
  EXPECT_TRUE(is_open(fd));
  moved.reset();
  EXPECT_FALSE(is_open(fd));
}

TEST(UniqueFd, ReleaseGivesTheDescriptorUpOpen) {
  Pipe pipe;
  ASSERT_EQ(joinery::posix::make_pipe(pipe), 0);
  const int fd = pipe.read_end.release();
  EXPECT_FALSE(pipe.read_end.open());
  EXPECT_TRUE(is_open(fd));
  ::close(fd);
}

TEST(MakePipe, MakesCloseOnExecEnds) {
  Pipe pipe;
  ASSERT_EQ(joinery::posix::make_pipe(pipe), 0);
  EXPECT_NE(::fcntl(pipe.read_end.get(), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_NE(::fcntl(pipe.write_end.get(), F_GETFD) & FD_CLOEXEC, 0);
}

TEST(SetNonblocking, KeepsTheOtherFlags) {
  Pipe pipe;
  ASSERT_EQ(joinery::posix::make_pipe(pipe), 0);
  ASSERT_EQ(::fcntl(pipe.write_end.get(), F_SETFL, O_APPEND), 0);
  joinery::posix::set_nonblocking(pipe.write_end.get());
  const int flags = ::fcntl(pipe.write_end.get(), F_GETFL);
  EXPECT_NE(flags & O_NONBLOCK, 0);
  EXPECT_NE(flags & O_APPEND, 0);
}

}  // namespace
