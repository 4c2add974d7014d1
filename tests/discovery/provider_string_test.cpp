// go-discover's provider-string syntax: every row of the reference (and of go-discover's
// own config_test.go), the Go string-literal escapes, the canonical and masked printers.
#include "discovery/provider_string.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace joinery::discovery {
namespace {

using plugins::KeyValues;

struct ParseRow {
  std::string input;
  KeyValues pairs;    // expected when error is empty
  std::string error;  // expected go-discover message, without "discover: "
};

// Escaped Go-style, so control characters never reach test names.
void PrintTo(const ParseRow &row, std::ostream *os) {
  *os << quote_if_needed(row.input, true);
}

class ParseTable : public testing::TestWithParam<ParseRow> {};

TEST_P(ParseTable, GivesGoDiscoversPairsOrMessage) {
  const ParseRow &row = GetParam();
  const Result<KeyValues> pairs = parse_pairs(row.input);
  if (row.error.empty()) {
    ASSERT_TRUE(pairs) << pairs.error().text();
    EXPECT_EQ(*pairs, row.pairs);
  } else {
    ASSERT_FALSE(pairs);
    EXPECT_EQ(pairs.error().text(), row.error);
  }
}

const std::string equals_message =
    "secret_access_key: - equals in key's value, enclosing double-quote needed "
    "secret_access_key=\"value-with-=-symbol\"";

INSTANTIATE_TEST_SUITE_P(
    HappyRows, ParseTable,
    testing::Values(
        ParseRow{"", {}, ""},                   //
        ParseRow{"   ", {}, ""},                //
        ParseRow{"key=a", {{"key", "a"}}, ""},  //
        ParseRow{"key=a key2=b", {{"key", "a"}, {"key2", "b"}}, ""},
        ParseRow{"key=a+b key2=c/d", {{"key", "a+b"}, {"key2", "c/d"}}, ""},
        ParseRow{" key=a    key2=b ", {{"key", "a"}, {"key2", "b"}}, ""},
        ParseRow{" key = a   key2 = b ", {{"key", "a"}, {"key2", "b"}}, ""},
        ParseRow{R"(  "k e \\\" y" = "a \" b" key2=c)",
                 {{R"(k e \" y)", R"(a " b)"}, {"key2", "c"}},
                 ""},
        ParseRow{R"(secret_access_key="fpOfcHQJAQBczjAxiVpeyLmX1M0M0KPBST+GU2GvEN4=")",
                 {{"secret_access_key", "fpOfcHQJAQBczjAxiVpeyLmX1M0M0KPBST+GU2GvEN4="}},
                 ""},
        ParseRow{
            R"(project_name=Test zone_pattern=us-(?west|east).+ tag_value="consul server" credentials_file=xxx)",
            {{"project_name", "Test"},
             {"zone_pattern", "us-(?west|east).+"},
             {"tag_value", "consul server"},
             {"credentials_file", "xxx"}},
            ""},
        // Pairs keep the order written.
        ParseRow{"provider=aws b=1 a=2", {{"provider", "aws"}, {"b", "1"}, {"a", "2"}}, ""},
        // Single quotes are ordinary characters.
        ParseRow{"tag='x'", {{"tag", "'x'"}}, ""},
        // Outside quotes, '"' and '\' are literal.
        ParseRow{R"(key=a"b\c)", {{"key", R"(a"b\c)"}}, ""},
        // A tab is not a separator (only inside a value).
        ParseRow{"key=a\tb", {{"key", "a\tb"}}, ""},
        // The whole string is trimmed with Go's strings.TrimSpace (tabs, newlines, NBSP...).
        ParseRow{"\t\n key=a \xC2\xA0\xE3\x80\x80", {{"key", "a"}}, ""},
        // A key or value is trimmed too, so a tab before '=' goes.
        ParseRow{"key\t=a", {{"key", "a"}}, ""},
        // Quoted keys and empty quoted values.
        ParseRow{R"("a key"="" b=c)", {{"a key", ""}, {"b", "c"}}, ""},
        // Values are taken literally: no URL decoding.
        ParseRow{"key=a%20b", {{"key", "a%20b"}}, ""},
        // A quoted value ends at its closing quote even without a space after it.
        ParseRow{R"(key="a b"c=d)", {{"key", "a b"}, {"c", "d"}}, ""},
        // Invalid UTF-8 becomes U+FFFD, byte by byte, as Go's []rune conversion does.
        ParseRow{"key=a\xFF\xFE", {{"key", "a\xEF\xBF\xBD\xEF\xBF\xBD"}}, ""}));

INSTANTIATE_TEST_SUITE_P(
    GoEscapes, ParseTable,
    testing::Values(ParseRow{R"(k="\a\b\f\n\r\t\v")", {{"k", "\a\b\f\n\r\t\v"}}, ""},
                    ParseRow{R"(k="\\ \"")", {{"k", "\\ \""}}, ""},
                    ParseRow{R"(k="\x41\x7a")", {{"k", "Az"}}, ""},
                    // \x and octal give raw bytes, not UTF-8.
                    ParseRow{R"(k="\xff\377")", {{"k", "\xFF\xFF"}}, ""},
                    ParseRow{R"(k="\101\060")", {{"k", "A0"}}, ""},
                    ParseRow{R"(k="\u00e9\u4e16")", {{"k", "\xC3\xA9\xE4\xB8\x96"}}, ""},
                    ParseRow{R"(k="\U0001F600")", {{"k", "\xF0\x9F\x98\x80"}}, ""},
                    ParseRow{"k=\"caf\xC3\xA9 \\u00e9\"", {{"k", "caf\xC3\xA9 \xC3\xA9"}}, ""},
                    ParseRow{"k=\"a\tb\"", {{"k", "a\tb"}}, ""}));

INSTANTIATE_TEST_SUITE_P(
    ErrorRows, ParseTable,
    testing::Values(
        ParseRow{"key", {}, "key: missing '='"}, ParseRow{"key=", {}, "key: missing value"},
        ParseRow{R"(key="a)", {}, "key: unbalanced quotes"},
        ParseRow{R"(key="\)", {}, "key: unterminated escape sequence"},
        ParseRow{"key=a key=b", {}, "key: duplicate key"},
        ParseRow{R"(key="" key=b)", {}, "key: duplicate key"},
        ParseRow{"key key2", {}, "key: missing '='"},
        ParseRow{"provider=aws foo", {}, "foo: missing '='"},
        ParseRow{
            "secret_access_key=fpOfcHQJAQBczjAxiVpeyLmX1M0M0KPBST+GU2GvEN4=", {}, equals_message},
        ParseRow{"secret_access_key=a=b", {}, equals_message},
        ParseRow{"key==a", {}, "key: missing value"},
        ParseRow{
            "=a",
            {},
            ": - equals in key's value, enclosing double-quote needed =\"value-with-=-symbol\""},
        // A tab does not separate pairs, so the second '=' lands in the first value.
        ParseRow{"key=a\tkey2=b",
                 {},
                 "key: - equals in key's value, enclosing double-quote needed "
                 "key=\"value-with-=-symbol\""},
        // Text glued to a closing quote starts the next token.
        ParseRow{R"("a"b=c)", {}, "a: missing '='"},
        // A lexer error where a key is expected names the previous key.
        ParseRow{R"(a=b "c)", {}, "a: error with key=value pair unbalanced quotes"},
        // Go's strconv.Unquote rejects these: ErrSyntax's text.
        ParseRow{R"(key="\q")", {}, "key: invalid syntax"},
        ParseRow{R"(key="\'")", {}, "key: invalid syntax"},
        ParseRow{R"(key="\x4")", {}, "key: invalid syntax"},
        ParseRow{R"(key="\xzz")", {}, "key: invalid syntax"},
        ParseRow{R"(key="\400")", {}, "key: invalid syntax"},
        ParseRow{R"(key="\18")", {}, "key: invalid syntax"},
        ParseRow{R"(key="\uD800")", {}, "key: invalid syntax"},
        ParseRow{R"(key="\U00110000")", {}, "key: invalid syntax"},
        ParseRow{"key=\"a\nb\"", {}, "key: invalid syntax"},
        ParseRow{R"(key="a" x)", {}, "x: missing '='"}));

TEST(ProviderString, SplitsOffTheProvider) {
  const auto parsed = parse_provider_string("region=x provider=aws tag_key=consul");
  ASSERT_TRUE(parsed) << parsed.error().text();
  EXPECT_EQ(parsed->provider, "aws");
  EXPECT_EQ(parsed->keys, (KeyValues{{"region", "x"}, {"tag_key", "consul"}}));
}

TEST(ProviderString, PrefixesParseErrorsWithDiscover) {
  const auto no_equals = parse_provider_string("provider=aws foo");
  ASSERT_FALSE(no_equals);
  EXPECT_EQ(no_equals.error().text(), "discover: foo: missing '='");
  const auto no_value = parse_provider_string("provider=");
  ASSERT_FALSE(no_value);
  EXPECT_EQ(no_value.error().text(), "discover: provider: missing value");
}

TEST(ProviderString, RejectsAMissingOrEmptyProvider) {
  for (const char *input : {"", "   ", "key=a", R"(provider="" key=a)"}) {
    const auto parsed = parse_provider_string(input);
    ASSERT_FALSE(parsed) << input;
    EXPECT_EQ(parsed.error().text(), "discover: no provider") << input;
  }
}

TEST(ProviderString, NamesAnUnknownProviderAsGoDiscoverDoes) {
  EXPECT_EQ(unknown_provider_message("nope"), "discover: unknown provider nope");
}

TEST(ProviderString, NeverEchoesValuesInErrors) {
  for (const char *input : {R"(token="s3cr3t)", R"(token="s3cr3t\)", "token=s3cr3t=x",
                            R"(token="s3cr3t\q")", "token=s3cr3t token=s3cr3t"}) {
    const auto parsed = parse_provider_string(input);
    ASSERT_FALSE(parsed) << input;
    EXPECT_EQ(parsed.error().text().find("s3cr3t"), std::string::npos) << parsed.error().text();
  }
}

// ------------------------------------------------------------- printing --

ProviderString parse_ok(std::string_view text) {
  Result<KeyValues> pairs = parse_pairs(text);
  EXPECT_TRUE(pairs) << text << ": " << pairs.error().text();
  return split_provider(pairs ? std::move(*pairs) : KeyValues{});
}

struct CanonicalRow {
  std::string input;
  std::string canonical;
};

void PrintTo(const CanonicalRow &row, std::ostream *os) {
  *os << quote_if_needed(row.input, true);
}

class CanonicalTable : public testing::TestWithParam<CanonicalRow> {};

TEST_P(CanonicalTable, PrintsProviderFirstKeysSortedAndQuotesWhenNeeded) {
  const ProviderString parsed = parse_ok(GetParam().input);
  const std::string canonical = format_canonical(parsed);
  EXPECT_EQ(canonical, GetParam().canonical);
  // ... and the canonical form is a fixed point.
  EXPECT_EQ(format_canonical(parse_ok(canonical)), canonical);
}

INSTANTIATE_TEST_SUITE_P(
    GoDiscoverRows, CanonicalTable,
    testing::Values(
        CanonicalRow{"", ""}, CanonicalRow{"   ", ""},
        CanonicalRow{R"(b=c "a a"="b b")", R"("a a"="b b" b=c)"},
        CanonicalRow{"a=b provider=foo x=y", "provider=foo a=b x=y"},
        CanonicalRow{
            R"(provider=k8s namespace=vault label_selector="app.kubernetes.io/name=vault,component=server")",
            R"(provider=k8s label_selector="app.kubernetes.io/name=vault,component=server" namespace=vault)"},
        CanonicalRow{R"("k e \\\" y"="a \" b" key2=c)", R"("k e \\\" y"="a \" b" key2=c)"},
        CanonicalRow{R"(secret_access_key="fpOfcHQJAQBczjAxiVpeyLmX1M0M0KPBST+GU2GvEN4=")",
                     R"(secret_access_key="fpOfcHQJAQBczjAxiVpeyLmX1M0M0KPBST+GU2GvEN4=")"},
        CanonicalRow{
            R"(project_name=Test zone_pattern=us-(?west|east).+ tag_value="consul server" credentials_file=xxx)",
            R"(credentials_file=xxx project_name=Test tag_value="consul server" zone_pattern=us-(?west|east).+)"},
        // Empty values are dropped.
        CanonicalRow{R"(provider=x a="" b=c)", "provider=x b=c"},
        // Keys sort bytewise.
        CanonicalRow{"provider=x b=1 B=2 a=3 _=4", "provider=x B=2 _=4 a=3 b=1"},
        // Control characters, edge white space and invalid UTF-8 are quoted Go-style.
        CanonicalRow{"provider=x k=\"a\\tb\\n\"", R"(provider=x k="a\tb\n")"},
        CanonicalRow{R"(provider=x k=" lead")", R"(provider=x k=" lead")"},
        CanonicalRow{R"(provider=x k="\xff")", R"(provider=x k="\xff")"},
        CanonicalRow{R"(provider=x k="\u00a0nbsp")", R"(provider=x k="\u00a0nbsp")"},
        CanonicalRow{R"(provider=x k="\x01")", R"(provider=x k="\x01")"},
        CanonicalRow{"provider=x k=caf\xC3\xA9", "provider=x k=caf\xC3\xA9"},
        CanonicalRow{R"(provider=x ""=v)", R"(provider=x ""=v)"},
        // Every rune Go's strconv.IsPrint refuses is escaped as strconv.Quote does
        // (issue 15 item 10): invisible format characters, private use, tags.
        CanonicalRow{"provider=x k=soft\xC2\xADhyphen", R"(provider=x k="soft\u00adhyphen")"},
        CanonicalRow{"provider=x k=a\xE2\x81\xA0"
                     "b",
                     R"(provider=x k="a\u2060b")"},
        CanonicalRow{"provider=x k=\xEE\x80\x80", R"(provider=x k="\ue000")"},
        CanonicalRow{"provider=x k=\xF3\xA0\x81\x81", R"(provider=x k="\U000e0041")"},
        // Printable astral runes stay as they are.
        CanonicalRow{"provider=x k=\xF0\x9F\x98\x80", "provider=x k=\xF0\x9F\x98\x80"},
        CanonicalRow{R"(provider="a b")", R"(provider="a b")"}));

TEST(ProviderString, MasksSecretValues) {
  const ProviderString parsed =
      parse_ok(R"(provider=aws region=eu-west-1 secret_access_key="abc=def" access_key_id=AKIA)");
  EXPECT_EQ(format_masked(parsed, {"secret_access_key", "access_key_id"}),
            "provider=aws access_key_id=*** region=eu-west-1 secret_access_key=***");
  EXPECT_EQ(format_masked(parsed, {}), format_canonical(parsed));
}

TEST(ProviderString, MaskedFormDropsEmptySecretsLikeAnyEmptyValue) {
  const ProviderString parsed = parse_ok(R"(provider=aws token="")");
  EXPECT_EQ(format_masked(parsed, {"token"}), "provider=aws");
}

// Any pairs, however odd, come back unchanged from the canonical form.
TEST(ProviderString, CanonicalFormRoundTripsArbitraryPairs) {
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "0",
                                           " ",
                                           "=",
                                           "\"",
                                           "\\",
                                           "'",
                                           "\t",
                                           "\n",
                                           "\r",
                                           "\x01",
                                           "\x7f",
                                           "\xFF",
                                           "\xC3\xA9",
                                           "\xC2\xA0",
                                           "\xE3\x80\x80",
                                           "\xC2\x85",
                                           "\xF0\x9F\x98\x80",
                                           "provider",
                                           "/",
                                           ":",
                                           "[",
                                           "]",
                                           ",",
                                           "%20",
                                           "\xE2\x80\xAE"};
  std::mt19937 random(20240611);
  const auto text = [&](std::size_t max) {
    std::string out;
    const std::size_t n = random() % (max + 1);
    for (std::size_t i = 0; i < n; ++i) {
      out += pieces[random() % pieces.size()];
    }
    return out;
  };
  for (int round = 0; round < 3000; ++round) {
    ProviderString original;
    original.provider = text(3);
    if (original.provider.empty()) {
      original.provider = "p";
    }
    const std::size_t count = random() % 5;
    for (std::size_t i = 0; i < count; ++i) {
      std::string key = text(4);
      if (key == "provider") {
        continue;
      }
      bool duplicate = false;
      for (const auto &pair : original.keys) {
        duplicate = duplicate || pair.first == key;
      }
      std::string value = text(6);
      if (!duplicate && !value.empty()) {
        original.keys.emplace_back(std::move(key), std::move(value));
      }
    }
    const std::string canonical = format_canonical(original);
    const auto back = parse_provider_string(canonical);
    ASSERT_TRUE(back) << "canonical `" << canonical << "`: " << back.error().text();
    EXPECT_EQ(back->provider, original.provider) << canonical;
    KeyValues expected = original.keys;
    KeyValues got = back->keys;
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected) << canonical;
    EXPECT_EQ(format_canonical(*back), canonical);
  }
}

}  // namespace
}  // namespace joinery::discovery
