// `joinery run` with a file provider whose answers are hostile (the file is whatever a
// peer or an inventory wrote): only the addresses pass to the exec backend's command;
// the rest are dropped with a warning naming the provider and the value, escaped. (The
// file provider itself refuses a file whose values hold white space, so values with
// spaces and newlines are covered by tests/discovery/entry_test.cpp.)
#include <gtest/gtest.h>

#include "support/file_text.hpp"
#include "support/joinery_run.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;

TEST(HostileResultsRun, OnlyTheAddressesAProviderReturnsReachTheJoinCommand) {
  const TempDir dir;
  const auto peers = dir.write("peers.json", R"([
    "-rpc-addr=127.0.0.1:19200", "127.0.0.1:31947", "--help", "10.0.0.8\u0000-x",
    "\u001b[2J10.0.0.7", "*.dc9/192.0.2.2", "h\u00e9.example", "node-1/10.0.0.2",
    "[::1]:7946"])");
  const auto argv_file = dir.path() / "argv";
  JoineryRun run(
      "retry_join = " + toml_array({"provider=file format=json path=" + peers.string()}) +
      "\n[join.lan]\nbackend = \"exec\"\ncommand = " +
      toml_array({"sh", "-c", "printf '%s\\n' \"$@\" > " + argv_file.string(), "sh"}) + "\n");
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_EQ(file_text(argv_file), "127.0.0.1:31947\nnode-1/10.0.0.2\n[::1]:7946\n");

  const std::string output = run.output();
  EXPECT_NE(output.find("[WARN]  agent: Dropped an address the provider returned: provider=file "
                        "address=-rpc-addr=127.0.0.1:19200 reason=\"an address may not start "
                        "with '-' (it would be read as an option)\""),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("address=10.0.0.8\\x00-x"), std::string::npos) << output;
  EXPECT_NE(output.find("address=\\x1b[2J10.0.0.7"), std::string::npos) << output;
  EXPECT_NE(output.find("address=*.dc9/192.0.2.2"), std::string::npos) << output;
  EXPECT_EQ(output.find('\x1b'), std::string::npos) << "a raw escape reached the log";
}

}  // namespace
}  // namespace joinery::test
