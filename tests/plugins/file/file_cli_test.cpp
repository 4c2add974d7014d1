// `joinery discover` with the file provider, as an operator runs it, on real files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace joinery {
namespace {

test::CommandResult discover(const std::string &provider_string) {
  return test::run({test::joinery_binary().string(), "discover", "--plugin-dir",
                    test::bundled_plugin_dir().string(), provider_string},
                   std::chrono::seconds(20));
}

TEST(FileDiscoverCommand, PrintsTheAddressesOfALinesFile) {
  const test::TempDir dir;
  const auto path = dir.write("peers", "# peers\n10.0.0.1:8301\n\n[fd00::1]:8301  # six\n");
  const auto result = discover("provider=file path=" + path.string());
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "10.0.0.1:8301 [fd00::1]:8301\n");
}

TEST(FileDiscoverCommand, PrintsTheAddressesOfAJsonFile) {
  const test::TempDir dir;
  const auto path = dir.write("peers.json", R"(["10.0.0.1", "10.0.0.2", "10.0.0.1"])");
  const auto result = discover("provider=file format=json path=" + path.string());
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "10.0.0.1 10.0.0.2\n");
}

TEST(FileDiscoverCommand, JsonOutputSurvivesInvalidUtf8InTheFile) {
  // Once aborted in nlohmann's dump (type_error.316, exit 134).
  const test::TempDir dir;
  const auto path = dir.write("peers", "10.0.0.1\n10.0.0.2\xff\n");
  const auto result = test::run(
      {test::joinery_binary().string(), "discover", "--plugin-dir",
       test::bundled_plugin_dir().string(), "--json", "provider=file path=" + path.string()},
      std::chrono::seconds(20));
  ASSERT_EQ(result.status, 0) << result.err;
  const nlohmann::json addresses = nlohmann::json::parse(result.out);
  ASSERT_TRUE(addresses.is_array()) << result.out;
  EXPECT_EQ(addresses.at(0), "10.0.0.1");
}

TEST(FileDiscoverCommand, AMissingFileFailsNamingIt) {
  const test::TempDir dir;
  const std::string path = (dir.path() / "absent").string();
  const auto result = discover("provider=file path=" + path);
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("cannot read address file " + path + ": No such file or directory"),
            std::string::npos)
      << result.err;
}

TEST(FileDiscoverCommand, ReadsTheFileAfreshEveryCall) {
  const test::TempDir dir;
  const auto path = dir.write("peers", "10.0.0.1\n");
  EXPECT_EQ(discover("provider=file path=" + path.string()).out, "10.0.0.1\n");
  dir.write("peers", "10.0.0.2\n");
  EXPECT_EQ(discover("provider=file path=" + path.string()).out, "10.0.0.2\n");
}

}  // namespace
}  // namespace joinery
