// docs/backends.md's key tables are generated from the plugins' own key descriptions
// (scripts/backend-docs); this keeps the two from drifting apart.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "support/child_process.hpp"
#include "support/file_text.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

TEST(BackendDocs, KeyTablesMatchThePluginsKeyDescriptions) {
  const CommandResult result =
      run({"python3", (source_dir() / "scripts" / "backend-docs").string(), "--check", "--joinery",
           joinery_binary().string(), "--plugin-dir", bundled_plugin_dir().string()},
          std::chrono::seconds(30));
  EXPECT_EQ(result.status, 0) << result.out << result.err;
}

TEST(BackendDocs, TheJsonArrayCommandInAFlagRunsAsTheDocShowsIt) {
  // The example once used single quotes, which do not quote in a flag: it never ran.
  const std::string doc = file_text(source_dir() / "docs" / "backends.md");
  const std::string start = "`--join-backend '";
  const auto at = doc.find(start);
  ASSERT_NE(at, std::string::npos) << "no --join-backend example in docs/backends.md";
  const auto from = at + start.size();
  const std::string flag = doc.substr(from, doc.find("'`", from) - from);
  // A `nomad` that writes the arguments it was given, one a line.
  TempDir bin;
  const auto nomad = bin.write("nomad", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\n");
  ASSERT_EQ(::chmod(nomad.c_str(), 0755), 0);
  const CommandResult result =
      run({joinery_binary().string(), "run", "-retry-join", "10.0.0.5", "--join-backend", flag,
           "--plugin-dir", bundled_plugin_dir().string()},
          std::chrono::seconds(20), {.env = {{"PATH", bin.path().string() + ":/usr/bin:/bin"}}});
  EXPECT_EQ(result.status, 0) << flag << "\n" << result.err;
  EXPECT_EQ(file_text(bin.path() / "nomad.args"), "server\njoin\n10.0.0.5\n") << flag;
}

}  // namespace
}  // namespace joinery::test
