// The plugin guide's complete backend listing is the backend template itself, so the
// guide cannot drift from code that a test builds and runs (install_test.cpp).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/paths.hpp"

namespace {

std::string text_of(const std::filesystem::path &file) {
  std::ifstream in(file);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(BackendGuide, ListsTheTemplateAsItIs) {
  const std::string guide = text_of(joinery::test::source_dir() / "plugin_api/README.md");
  const std::string listing_start =
      "<!-- The listing is the template file itself: BackendGuide.ListsTheTemplateAsItIs "
      "checks. -->\n```cpp\n";
  const std::size_t start = guide.find(listing_start);
  ASSERT_NE(start, std::string::npos) << "the guide's backend listing is gone";
  const std::size_t code = start + listing_start.size();
  const std::size_t end = guide.find("```\n", code);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(
      guide.substr(code, end - code),
      text_of(joinery::test::source_dir() / "plugin_api/templates/backend-cpp/acme_backend.cpp"))
      << "copy plugin_api/templates/backend-cpp/acme_backend.cpp into plugin_api/README.md";
}

}  // namespace
