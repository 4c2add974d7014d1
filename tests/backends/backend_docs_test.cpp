// docs/backends.md's key tables are generated from the plugins' own key descriptions
// (scripts/backend-docs); this keeps the two from drifting apart.
#include <gtest/gtest.h>

#include "support/child_process.hpp"
#include "support/paths.hpp"

namespace joinery::test {
namespace {

TEST(BackendDocs, KeyTablesMatchThePluginsKeyDescriptions) {
  const CommandResult result =
      run({"python3", (source_dir() / "scripts" / "backend-docs").string(), "--check", "--joinery",
           joinery_binary().string(), "--plugin-dir", bundled_plugin_dir().string()},
          std::chrono::seconds(30));
  EXPECT_EQ(result.status, 0) << result.out << result.err;
}

}  // namespace
}  // namespace joinery::test
