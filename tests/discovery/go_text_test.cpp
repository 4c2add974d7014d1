// Go's text rules as host/discovery/go_text ports them. Expected values are what the Go
// standard library gives for the same input (strconv.IsPrint, strconv.Quote,
// strconv.Unquote, strings.TrimSpace), as its documentation and tables define them.
#include "discovery/go_text.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace joinery::discovery {
namespace {

std::string utf8(char32_t rune) {
  std::string out;
  go_text::append_utf8(out, rune);
  return out;
}

TEST(GoText, IsPrintAcceptsLettersMarksNumbersPunctuationSymbolsAndTheAsciiSpace) {
  for (const char32_t rune :
       {U' ', U'a', U'~', U'\u00e9', U'\u0301' /* combining acute: Mn */,
        U'\u0664' /* Arabic-Indic four: Nd */, U'\u00bf', U'\u20ac', U'\ufffd',
        U'\U0001f600' /* emoji: So, astral */, U'\U00020000' /* CJK extension B: Lo, astral */,
        U'\U0001d400' /* mathematical bold A: Lu, astral */}) {
    EXPECT_TRUE(go_text::is_print(rune)) << std::hex << static_cast<unsigned>(rune);
  }
}

TEST(GoText, IsPrintRefusesControlsFormatPrivateUseUnassignedAndOtherSpaces) {
  for (const char32_t rune : {U'\0',
                              U'\t',
                              U'\n',
                              U'\x7f',
                              U'\u0085' /* C1 control */,
                              U'\u00ad' /* soft hyphen: Cf */,
                              U'\u2060' /* word joiner: Cf */,
                              U'\u200b' /* zero width space: Cf */,
                              U'\u202e' /* right-to-left override: Cf */,
                              U'\ufeff' /* BOM: Cf */,
                              U'\ue000' /* private use: Co */,
                              U'\U000e0041' /* tag latin capital A: Cf, astral */,
                              U'\U000f0000' /* supplementary private use: Co, astral */,
                              U'\u0378' /* unassigned */,
                              U'\U0010ffff' /* noncharacter, unassigned */,
                              U'\U0002fffe' /* unassigned, astral */,
                              U'\u00a0' /* no-break space: Zs */,
                              U'\u3000' /* ideographic space: Zs */,
                              U'\u2028' /* line separator: Zl */,
                              U'\u2029' /* paragraph separator: Zp */}) {
    EXPECT_FALSE(go_text::is_print(rune)) << std::hex << static_cast<unsigned>(rune);
  }
}

// ICU's u_isprint counts the space separators as printable; Go does not, and the
// table follows Go.
TEST(GoText, IsPrintFollowsGoNotIcuOnSpaceSeparators) {
  EXPECT_FALSE(go_text::is_print(U'\u2000'));
  EXPECT_FALSE(go_text::is_print(U'\u205f'));
  EXPECT_TRUE(go_text::is_print(U' '));
}

struct QuoteRow {
  std::string input;
  std::string quoted;  // strconv.Quote(input)
};

class GoQuote : public testing::TestWithParam<QuoteRow> {};

TEST_P(GoQuote, QuotesAsStrconvQuoteAndUnquotesBack) {
  EXPECT_EQ(go_text::quote(GetParam().input), GetParam().quoted);
  const std::optional<std::string> back = go_text::unquote(GetParam().quoted);
  ASSERT_TRUE(back);
  // Invalid UTF-8 comes back byte for byte (\xNN is a raw byte in Go).
  EXPECT_EQ(*back, GetParam().input);
}

INSTANTIATE_TEST_SUITE_P(
    StrconvQuote, GoQuote,
    testing::Values(QuoteRow{"", R"("")"}, QuoteRow{"plain text", R"("plain text")"},
                    QuoteRow{R"(a"b\c)", R"("a\"b\\c")"},
                    QuoteRow{"\a\b\f\n\r\t\v", R"("\a\b\f\n\r\t\v")"},
                    QuoteRow{"\x01\x1b[31m\x7f", R"("\x01\x1b[31m\x7f")"},
                    QuoteRow{"caf\xC3\xA9 \xE2\x82\xAC", "\"caf\xC3\xA9 \xE2\x82\xAC\""},
                    QuoteRow{utf8(U'\u0085'), R"("\u0085")"},
                    QuoteRow{"soft" + utf8(U'\u00ad') + "hyphen", R"("soft\u00adhyphen")"},
                    QuoteRow{"word" + utf8(U'\u2060') + "joiner", R"("word\u2060joiner")"},
                    QuoteRow{utf8(U'\ue000'), R"("\ue000")"},
                    QuoteRow{utf8(U'\u00a0'), R"("\u00a0")"},
                    QuoteRow{utf8(U'\u202e') + "txt", R"("\u202etxt")"},
                    QuoteRow{utf8(U'\U000e0041'), R"("\U000e0041")"},
                    QuoteRow{utf8(U'\U000f0000'), R"("\U000f0000")"},
                    QuoteRow{utf8(U'\U0001f600'), "\"\xF0\x9F\x98\x80\""},
                    QuoteRow{"\xff", R"("\xff")"}, QuoteRow{"a\xC3", R"("a\xc3")"},
                    QuoteRow{"\xED\xA0\x80" /* a surrogate */, R"("\xed\xa0\x80")"}));

TEST(GoText, UnquoteRefusesWhatStrconvUnquoteRefuses) {
  for (const std::string bad :
       {R"(")", R"("a)", R"(a")", R"("\")", R"("\'")", R"("\q")", R"("\x4")", R"("\ud800")",
        R"("\U00110000")", R"("\400")", "\"a\nb\"", R"("a"b")"}) {
    EXPECT_FALSE(go_text::unquote(bad)) << bad;
  }
}

TEST(GoText, UnquoteDecodesEveryEscape) {
  const std::optional<std::string> out = go_text::unquote(R"("\x41\101\u00e9\U0001f600\\\"")");
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "AA\xC3\xA9\xF0\x9F\x98\x80\\\"");
}

TEST(GoText, TrimSpaceRemovesUnicodeWhiteSpaceAtBothEnds) {
  const std::string text = utf8(U'\u3000') + "\t a b \n" + utf8(U'\u0085') + utf8(U'\u00a0');
  EXPECT_EQ(go_text::trim_space(text), "a b");
  // Not white space in Go: the zero width space and the word joiner.
  const std::string zero_width = utf8(U'\u200b') + "a";
  EXPECT_EQ(go_text::trim_space(zero_width), zero_width);
}

TEST(GoText, DecodeRuneRefusesWhatUtf8DecodeRuneRefuses) {
  char32_t rune = 0;
  EXPECT_EQ(go_text::decode_rune("\xC3\xA9", rune), 2U);
  EXPECT_EQ(rune, U'\u00e9');
  EXPECT_EQ(go_text::decode_rune("\xF4\x8F\xBF\xBF", rune), 4U);
  EXPECT_EQ(rune, U'\U0010ffff');
  for (const std::string bad : {"\x80", "\xC0\xAF" /* overlong */, "\xE0\x80\xAF",
                                "\xED\xA0\x80" /* surrogate */, "\xF4\x90\x80\x80", "\xE2\x82"}) {
    EXPECT_EQ(go_text::decode_rune(bad, rune), 0U) << bad;
  }
  EXPECT_TRUE(go_text::is_valid_utf8("caf\xC3\xA9"));
  EXPECT_FALSE(go_text::is_valid_utf8("caf\xC3"));
  EXPECT_EQ(go_text::replace_invalid_utf8("a\xFF"
                                          "b"),
            "a\xEF\xBF\xBD"
            "b");
}

}  // namespace
}  // namespace joinery::discovery
