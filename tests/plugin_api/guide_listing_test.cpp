// The plugin guide's complete backend listing is the backend template itself, so the
// guide cannot drift from code that a test builds and runs (install_test.cpp).
#include <gtest/gtest.h>

#include "support/file_text.hpp"
#include "support/paths.hpp"

namespace {

TEST(BackendGuide, ListsTheTemplateAsItIs) {
  const std::string guide =
      joinery::test::file_text(joinery::test::source_dir() / "plugin_api/README.md");
  const std::string listing_start =
      "<!-- The listing is the template file itself: BackendGuide.ListsTheTemplateAsItIs "
      "checks. -->\n```cpp\n";
  const std::size_t start = guide.find(listing_start);
  ASSERT_NE(start, std::string::npos) << "the guide's backend listing is gone";
  const std::size_t code = start + listing_start.size();
  const std::size_t end = guide.find("```\n", code);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(guide.substr(code, end - code),
            joinery::test::file_text(joinery::test::source_dir() /
                                     "plugin_api/templates/backend-cpp/acme_backend.cpp"))
      << "copy plugin_api/templates/backend-cpp/acme_backend.cpp into plugin_api/README.md";
}

}  // namespace
