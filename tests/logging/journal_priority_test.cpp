// Under systemd, JOURNAL_STREAM names the stream journald reads: when it is joinery's
// stderr, each log line starts with its syslog priority ("<4>" for a warning), so
// `journalctl -p warning` selects them; on any other stderr the lines stay as they are.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using testing::HasSubstr;
using testing::StartsWith;

// `joinery run` with stderr sent to a file; JOURNAL_STREAM is that file's
// DEVICE:INODE when `matches`, a number pair of no open file otherwise.
std::string stderr_of_run(const TempDir &dir, bool matches) {
  const std::string log = (dir.path() / "stderr.txt").string();
  const std::string stream = matches ? "$(stat -c %d:%i \"$1\")" : "1:1";
  ChildProcess::Options options;
  options.env = {{"XDG_CACHE_HOME", (dir.path() / "cache").string()}};
  const CommandResult result =
      run({"sh", "-c",
           "exec 2>\"$1\"; JOURNAL_STREAM=" + stream +
               " exec \"$2\" run --allow-env-plugin-path"
               " -retry-join 10.0.0.1 -retry-join-wan 10.0.0.2 --join-backend log",
           "sh", log, joinery_binary().string()},
          std::chrono::seconds(20), options);
  // A client with WAN entries: INFO lines for the LAN, Consul's WARN for the WAN.
  EXPECT_EQ(result.status, 0);
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(JournalPriority, LinesCarryTheirSyslogPriorityWhenStderrIsTheJournalStream) {
  TempDir dir;
  const std::string err = stderr_of_run(dir, true);
  std::istringstream lines(err);
  int seen = 0;
  for (std::string line; std::getline(lines, line); ++seen) {
    EXPECT_THAT(line, testing::MatchesRegex("<[3467]>[0-9].*")) << line;
    if (line.find("[WARN]") != std::string::npos) {
      EXPECT_THAT(line, StartsWith("<4>"));
    }
    if (line.find("[INFO]") != std::string::npos) {
      EXPECT_THAT(line, StartsWith("<6>"));
    }
  }
  EXPECT_GT(seen, 0) << err;
  EXPECT_THAT(err, HasSubstr("<4>")) << err;
  EXPECT_THAT(err, HasSubstr("<6>")) << err;
}

TEST(JournalPriority, LinesAreUnprefixedWhenStderrIsAnotherStream) {
  TempDir dir;
  const std::string err = stderr_of_run(dir, false);
  EXPECT_THAT(err, HasSubstr("[WARN]")) << err;
  EXPECT_EQ(err.find("<4>"), std::string::npos) << err;
  EXPECT_EQ(err.find("<6>"), std::string::npos) << err;
}

}  // namespace
}  // namespace joinery::test
