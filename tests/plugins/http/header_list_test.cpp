#include "header_list.hpp"

#include <gtest/gtest.h>
#include <joinery/plugin.hpp>

namespace {

using joinery::http::split_headers;
using Strings = std::vector<std::string>;

TEST(HeaderList, SplitsHeadersAtCommas) {
  EXPECT_EQ(split_headers("X-A: 1,X-B: 2, X-C:3"), (Strings{"X-A: 1", "X-B: 2", "X-C:3"}));
}

TEST(HeaderList, KeepsCommasInsideAValue) {
  EXPECT_EQ(split_headers("Accept: text/plain, application/json,X-B: 2"),
            (Strings{"Accept: text/plain, application/json", "X-B: 2"}));
}

TEST(HeaderList, EmptyGivesNone) {
  EXPECT_TRUE(split_headers("").empty());
  EXPECT_TRUE(split_headers(" , ").empty());
}

TEST(HeaderList, RejectsAFirstPartThatIsNotAHeader) {
  try {
    split_headers("just text");
    FAIL() << "no error";
  } catch (const joinery::sdk::Error &error) {
    EXPECT_EQ(error.status(), joinery::sdk::Status::invalid_config);
    EXPECT_EQ(std::string(error.what()),
              "header: the first part is not of the form \"Name: value\"");
  }
}

}  // namespace
