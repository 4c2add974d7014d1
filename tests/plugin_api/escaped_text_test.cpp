// What escape_unprintable makes of hostile text: nothing that ends a line, drives a
// terminal or is not UTF-8 survives raw; readable text stays as it is.
#include <joinery/sdk/escaped_text.hpp>

#include <gtest/gtest.h>

#include <string_view>
#include <utility>

namespace joinery::sdk {
namespace {

using namespace std::string_view_literals;

TEST(EscapedText, WritesControlBytesInvalidUtf8AndBackslashesAsEscapes) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"10.0.0.1\n2026-01-01 [ERROR] agent: forged",
       "10.0.0.1\\x0a2026-01-01 [ERROR] agent: forged"},
      {"a\rb\tc", "a\\x0db\\x09c"},
      {"10.0.0.1\0-x"sv, "10.0.0.1\\x00-x"},
      {"\x1b[31mred", "\\x1b[31mred"},
      {"del\x7f", "del\\x7f"},
      {"host\xff", "host\\xff"},
      {"\xc3", "\\xc3"},                    // a truncated sequence
      {"\xc0\xaf", "\\xc0\\xaf"},           // an overlong '/'
      {"\xed\xa0\x80", "\\xed\\xa0\\x80"},  // a UTF-16 surrogate
      {"\xc2\x9b"
       "2J",
       "\\xc2\\x9b2J"},  // the C1 CSI
      {"back\\slash", "back\\\\slash"},
  };
  for (const auto &[given, expected] : cases) {
    EXPECT_EQ(escape_unprintable(given), expected);
  }
}

TEST(EscapedText, LeavesPrintableAsciiAndValidUtf8Alone) {
  for (const char *text : {"10.0.0.1:8301", "[::1]:8301 node-1/x", "caf\xc3\xa9", "\xe2\x82\xac",
                           "\xf0\x9f\x98\x80", ""}) {
    EXPECT_EQ(escape_unprintable(text), text);
  }
}

}  // namespace
}  // namespace joinery::sdk
