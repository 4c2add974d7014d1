// Non-ASCII characters in a TOML file: refused where TOML (or toml++ 3.3.0, which reaches
// undefined behaviour for many of them) cannot take them, read as they are in strings and
// comments. Under UBSan (the ASan build) the sweeps over every code point of the ranges
// toml++ mishandles also show that none of them reaches toml++'s unreachable branch.
#include "config/toml_unicode_check.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/toml_reader.hpp"

namespace joinery::config {
namespace {

std::vector<std::string> problems_of(std::string_view text, Layer *layer = nullptr) {
  Problems problems;
  Layer read = read_toml(text, "a.toml", "/etc/joinery", problems);
  if (layer != nullptr) *layer = std::move(read);
  std::vector<std::string> texts;
  for (const Problem &problem : problems) texts.push_back(problem.text());
  return texts;
}

std::string utf8(std::uint32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
  return out;
}

// The code points toml++ 3.3.0's is_non_ascii_horizontal_whitespace() mishandles, their
// neighbours, and a few beyond the BMP.
std::vector<std::uint32_t> code_points_to_sweep() {
  std::vector<std::uint32_t> points;
  for (std::uint32_t c = 0x80; c <= 0x500; ++c) points.push_back(c);
  for (std::uint32_t c = 0x2c50; c <= 0x3060; ++c) points.push_back(c);
  for (std::uint32_t c = 0xfb20; c <= 0xfffd; ++c) points.push_back(c);
  for (const std::uint32_t c : {0x1680U, 0x2000U, 0x2028U, 0x10000U, 0x1f600U, 0x10ffffU}) {
    points.push_back(c);
  }
  return points;
}

TEST(TomlUnicodeCheck, ANonAsciiCharacterInAKeyIsASyntaxErrorAtItsLineAndColumn) {
  EXPECT_EQ(problems_of("server = true\nretry_max\xc3\x9c = 1\n"),
            std::vector<std::string>{
                "a.toml:2:10: TOML syntax error: '\xc3\x9c' (U+00DC) outside a string or "
                "comment: TOML allows only ASCII there (put the text in quotes, or remove the "
                "character)"});
  // The fuzzer's two bytes: U+02C1 alone.
  EXPECT_EQ(problems_of("\xcb\x81"),
            std::vector<std::string>{
                "a.toml:1:1: TOML syntax error: '\xcb\x81' (U+02C1) outside a string or "
                "comment: TOML allows only ASCII there (put the text in quotes, or remove the "
                "character)"});
}

TEST(TomlUnicodeCheck, ColumnsCountCharactersAsTomlDoes) {
  // Two non-ASCII characters in a string before the stray one: column 10, not 12.
  const std::vector<std::string> problems = problems_of("k = \"\xc3\xa9\xc3\xa9\" \xc2\xa7");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].rfind("a.toml:1:10: TOML syntax error: '\xc2\xa7' (U+00A7) outside", 0), 0U)
      << problems[0];
}

TEST(TomlUnicodeCheck, StringsCommentsAndQuotedKeysKeepTheirCharacters) {
  Layer layer;
  EXPECT_EQ(problems_of("\xef\xbb\xbf# Gr\xc3\xbc\xc3\x9f"
                        "e \xe3\x80\x81\n"
                        "node_name = \"n\xc5\x93ud\" # \xc2\xa7\n"
                        "[join.lan]\n"
                        "backend = 'log'\n"
                        "\"cl\xc3\xa9\" = \"\xc3\x9c\"\n"
                        "literal = '\xc2\xa7\\'\n"
                        "multi = \"\"\"\n\xc2\xa7 \\t \xc3\x9c\"\"\"\"\"\n"
                        "multi_literal = '''\\\n\xc2\xa7'''\n"
                        "1=\"\xc3\xa9\"\n",
                        &layer),
            std::vector<std::string>{});
  EXPECT_EQ(layer.node_name, "n\xc5\x93ud");
  ASSERT_TRUE(layer.lan_backend.has_value());
  EXPECT_EQ(layer.lan_backend->keys, (plugins::KeyValues{{"cl\xc3\xa9", "\xc3\x9c"},
                                                         {"literal", "\xc2\xa7\\"},
                                                         {"multi", "\xc2\xa7 \t \xc3\x9c\"\""},
                                                         {"multi_literal", "\\\n\xc2\xa7"},
                                                         {"1", "\xc3\xa9"}}));
  // Only at the very start is a byte order mark skipped (as toml++ does).
  EXPECT_EQ(problems_of("a = 1\n\xef\xbb\xbf")
                .at(0)
                .rfind("a.toml:2:1: TOML syntax error: '\xef\xbb\xbf' (U+FEFF) outside", 0),
            0U);
}

TEST(TomlUnicodeCheck, ABackslashBeforeANonAsciiCharacterIsNotAnEscape) {
  for (const std::string text : {"k = \"\\\xc3\x9c\"", "k = \"\"\"\\\xc3\x9c\"\"\""}) {
    EXPECT_EQ(problems_of(text),
              std::vector<std::string>{
                  "a.toml:1:" + std::to_string(text[5] == '"' ? 9 : 7) +
                  ": TOML syntax error: a backslash followed by '\xc3\x9c' (U+00DC) is not an "
                  "escape sequence (TOML's are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and "
                  "\\UXXXXXXXX)"})
        << text;
  }
}

// marzer/tomlplusplus#190: valid TOML, but toml++ asks whether the character is white
// space to skip.
TEST(TomlUnicodeCheck, ANonAsciiCharacterAfterALineEndingBackslashNamesItsEscape) {
  EXPECT_EQ(problems_of("s = \"\"\"\\\n\xc2\xa7\"\"\""),
            std::vector<std::string>{
                "a.toml:2:1: TOML syntax error: '\xc2\xa7' (U+00A7) right after a line-ending "
                "backslash in a multi-line string: the TOML library joinery uses (toml++ "
                "3.3.0) cannot read it there safely; write it as \\u00A7"});
  EXPECT_EQ(problems_of("s = \"\"\"a \\  \r\n\n   \xf0\x9f\x98\x80\"\"\"").at(0),
            "a.toml:3:4: TOML syntax error: '\xf0\x9f\x98\x80' (U+1F600) right after a "
            "line-ending backslash in a multi-line string: the TOML library joinery uses "
            "(toml++ 3.3.0) cannot read it there safely; write it as \\U0001F600");
  EXPECT_EQ(problems_of("s = \"\"\"a \\ \xc2\xa7\n\"\"\"").at(0),
            "a.toml:1:12: TOML syntax error: a backslash in a multi-line string is followed "
            "by white space and then a character: a line-ending backslash must be the last "
            "character on its line");
  // Once a character was kept, the rest of the line is the string's as usual.
  Layer layer;
  EXPECT_TRUE(
      problems_of("[join.lan]\nbackend = 'log'\ns = \"\"\"\\\n  a\xc2\xa7\"\"\"", &layer).empty());
  ASSERT_TRUE(layer.lan_backend.has_value());
  EXPECT_EQ(layer.lan_backend->keys, (plugins::KeyValues{{"s", "a\xc2\xa7"}}));
}

// toml++ reads ahead over a value that starts with a digit or sign, quotes and all,
// before it knows whether it is a number or a date.
TEST(TomlUnicodeCheck, AStringGluedToANumberIsASyntaxError) {
  for (const std::string text :
       {"a = 1\"\xc3\x9c\"", "a = 1.\"\xc3\x9c\"", "a = [1[\"\xc3\x9c\"]]", "a = -{'\xc3\x9c'}",
        "a = 1979-05-27 07:32:00\"\xc3\x9c\"", "a = [\n  2=\"\xc3\x9c\"]"}) {
    const std::vector<std::string> problems = problems_of(text);
    ASSERT_EQ(problems.size(), 1U) << text;
    EXPECT_NE(problems[0].find(": TOML syntax error: '\xc3\x9c' (U+00DC) in a string that "
                               "follows a number or date without a space, comma or bracket "
                               "between them"),
              std::string::npos)
        << problems[0];
  }
  // Keys are not read ahead over: a bare key of digits before a quoted value is valid.
  EXPECT_TRUE(check_toml_unicode("1=\"\xc3\x9c\"\n2.3 = {4=\"\xc3\x9c\"}\n", "a.toml"));
}

TEST(TomlUnicodeCheck, InvalidUtf8IsASyntaxErrorNamingTheByte) {
  EXPECT_EQ(problems_of("k = \"a\xff\"\n"),
            std::vector<std::string>{"a.toml:1:7: TOML syntax error: the byte \\xff is not part "
                                     "of a valid UTF-8 character; a TOML file is UTF-8 text"});
  // A surrogate, an overlong form and a truncated sequence are not UTF-8 either.
  for (const std::string text : {"# \xed\xa0\x80", "# \xc0\xaf", "k = '\xe2\x82'"}) {
    ASSERT_EQ(problems_of(text).size(), 1U) << text;
    EXPECT_NE(problems_of(text)[0].find("is not part of a valid UTF-8 character"),
              std::string::npos);
  }
}

TEST(TomlUnicodeCheck, EveryMishandledCodePointIsRefusedOutsideAndReadInside) {
  for (const std::uint32_t c : code_points_to_sweep()) {
    const std::string ch = utf8(c);
    SCOPED_TRACE(testing::Message() << "U+" << std::hex << c);
    ASSERT_EQ(problems_of("retry_max" + ch + " = 1").size(), 1U);
    ASSERT_EQ(problems_of("retry_max = 1" + ch).size(), 1U);
    ASSERT_EQ(problems_of("a = 1\"" + ch + "\"").size(), 1U);
    ASSERT_EQ(problems_of("s = \"\"\"\\\n" + ch + "\"\"\"").size(), 1U);
    ASSERT_EQ(problems_of("s = \"\"\"\\" + ch + "\"\"\"").size(), 1U);
    Layer layer;
    ASSERT_TRUE(problems_of("node_name = \"" + ch + "\" # " + ch + "\n[join.lan]\n'" + ch +
                                "' = '''" + ch + "'''\nm = \"\"\"\\\n x" + ch + "\"\"\"",
                            &layer)
                    .empty());
    ASSERT_EQ(layer.node_name, ch);
  }
}

}  // namespace
}  // namespace joinery::config
