// `joinery version`: what a vendor needs to know ("built against ABI 1.x"), as text
// and as JSON for scripts.
#include <joinery/plugin.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;

TEST(VersionCommand, JsonCarriesTheVersionAndThePluginAbi) {
  const test::CommandResult result = test::run({JOINERY_TEST_BINARY, "version", "--json"}, 20s);
  ASSERT_EQ(result.status, 0) << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["plugin_abi"]["major"], JOINERY_ABI_MAJOR);
  EXPECT_EQ(json["plugin_abi"]["minor"], JOINERY_ABI_MINOR);
  const test::CommandResult text = test::run({JOINERY_TEST_BINARY, "version"}, 20s);
  EXPECT_EQ(text.out, "joinery " + json["version"].get<std::string>() + " (plugin ABI " +
                          std::to_string(JOINERY_ABI_MAJOR) + "." +
                          std::to_string(JOINERY_ABI_MINOR) + ")\n");
}

TEST(VersionCommand, AnUnknownArgumentIsAUsageError) {
  const test::CommandResult result = test::run({JOINERY_TEST_BINARY, "version", "--jsn"}, 20s);
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err, "joinery version: unexpected argument '--jsn'\n");
}

}  // namespace
}  // namespace joinery
