#include "file/address_list.hpp"

#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include "file/file_contents.hpp"
#include "support/temp_dir.hpp"

namespace joinery::file {
namespace {

using test::TempDir;
using Addresses = std::vector<std::string>;

// Writes `text` to a real file and reads it back as the provider does.
Addresses read_back(const std::string &text, FileFormat format = FileFormat::detect) {
  const TempDir dir;
  const std::string path = dir.write("peers", text).string();
  return parse_address_list(read_file_contents(path), format, path);
}

std::string failure(const std::string &text, FileFormat format = FileFormat::detect) {
  try {
    (void)parse_address_list(text, format, "/run/peers");
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::unavailable);
    return error.what();
  }
  ADD_FAILURE() << "expected an error";
  return {};
}

TEST(AddressLines, ReadsOneAddressPerLine) {
  EXPECT_EQ(read_back("10.0.0.1\n10.0.0.2:8301\n[::1]:8301\nnode.example.com\n"),
            (Addresses{"10.0.0.1", "10.0.0.2:8301", "[::1]:8301", "node.example.com"}));
}

TEST(AddressLines, IgnoresCommentsAndBlankLinesAndTrimsWhitespace) {
  EXPECT_EQ(read_back("# the servers\n\n  10.0.0.1  \n\t10.0.0.2\t# rack 2\r\n   \n#10.0.0.9\n"
                      "10.0.0.3"),
            (Addresses{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
}

TEST(AddressLines, DropsDuplicatesKeepingTheFirst) {
  EXPECT_EQ(read_back("10.0.0.2\n10.0.0.1\n10.0.0.2\n 10.0.0.1 \n"),
            (Addresses{"10.0.0.2", "10.0.0.1"}));
}

TEST(AddressLines, AnEmptyFileHasNoAddresses) {
  EXPECT_TRUE(read_back("").empty());
  EXPECT_TRUE(read_back("# nobody yet\n\n").empty());
}

TEST(AddressLines, TwoAddressesOnOneLineAreAnErrorNamingTheLine) {
  EXPECT_EQ(failure("10.0.0.1\n10.0.0.2 10.0.0.3\n"),
            "address file /run/peers, line 2: \"10.0.0.2 10.0.0.3\" holds whitespace; write one "
            "address per line");
}

TEST(AddressLines, ABracketedIpv6FirstLineIsNotTakenForJson) {
  EXPECT_EQ(read_back("[::1]:8301\n[fd00::2]:8301\n"), (Addresses{"[::1]:8301", "[fd00::2]:8301"}));
}

TEST(AddressLines, HandlesAHundredThousandLinesWithDuplicates) {
  std::string text;
  for (int i = 0; i < 100000; ++i) {
    text += "10.0." + std::to_string((i % 25000) / 250) + "." + std::to_string(i % 250) + ":8301\n";
  }
  const Addresses addresses = read_back(text, FileFormat::lines);
  ASSERT_EQ(addresses.size(), 25000u);
  EXPECT_EQ(addresses.front(), "10.0.0.0:8301");
  EXPECT_EQ(addresses.back(), "10.0.99.249:8301");
}

TEST(AddressLines, KeepsEveryDistinctShortLine) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += std::to_string(i % 1000) + "\n";
  const Addresses addresses = read_back(text);
  ASSERT_EQ(addresses.size(), 1000u);
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(addresses[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST(AddressJson, ReadsAnArrayOfStrings) {
  EXPECT_EQ(read_back(R"(["10.0.0.1", "10.0.0.2:8301", "[::1]:8301"])"),
            (Addresses{"10.0.0.1", "10.0.0.2:8301", "[::1]:8301"}));
}

TEST(AddressJson, TrimsSkipsEmptyStringsAndDropsDuplicates) {
  EXPECT_EQ(read_back("\xEF\xBB\xBF\n  [\" 10.0.0.1 \", \"\", \"10.0.0.1\", \"10.0.0.2\"]\n"),
            (Addresses{"10.0.0.1", "10.0.0.2"}));
}

TEST(AddressJson, AnEmptyArrayHasNoAddresses) {
  EXPECT_TRUE(read_back("[]").empty());
}

TEST(AddressJson, InvalidJsonIsAnErrorNamingTheFile) {
  const std::string message = failure(R"(["10.0.0.1",)");
  EXPECT_EQ(message.rfind("address file /run/peers: not valid JSON: ", 0), 0u) << message;
}

TEST(AddressJson, AnObjectIsAnErrorSayingWhatWasExpected) {
  EXPECT_EQ(failure(R"({"servers": []})", FileFormat::json),
            "address file /run/peers: expected a JSON array of strings, found an object");
}

TEST(AddressJson, ANonStringElementIsAnErrorNamingTheElement) {
  EXPECT_EQ(failure(R"(["10.0.0.1", 8301])"),
            "address file /run/peers, element 1: expected a string, found a number");
}

TEST(AddressJson, FormatJsonReadsEvenWhatLooksLikeLines) {
  EXPECT_EQ(
      failure("10.0.0.1\n", FileFormat::json).rfind("address file /run/peers: not valid JSON", 0),
      0u);
}

TEST(AddressFormat, FormatLinesTakesABracketedLineLiterally) {
  EXPECT_EQ(read_back("[\"x\"]\n", FileFormat::lines), (Addresses{"[\"x\"]"}));
}

TEST(AddressFormat, AutoDetectsJsonByTheOpeningBracket) {
  EXPECT_EQ(detect_format("  [\"10.0.0.1\"]"), FileFormat::json);
  EXPECT_EQ(detect_format("[\n]"), FileFormat::json);
  EXPECT_EQ(detect_format("[{\"a\": 1}]"), FileFormat::json);
  EXPECT_EQ(detect_format("10.0.0.1\n"), FileFormat::lines);
  EXPECT_EQ(detect_format("[::1]:8301\n"), FileFormat::lines);
  EXPECT_EQ(detect_format("[fd00::1]\n"), FileFormat::lines);
  EXPECT_EQ(detect_format("# [\"x\"]\n"), FileFormat::lines);
  EXPECT_EQ(detect_format(""), FileFormat::lines);
}

}  // namespace
}  // namespace joinery::file
