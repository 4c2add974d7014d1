// Captures what a test body writes to stderr (joinery's log goes there), to assert on
// log lines.
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace joinery::test {

template <class Body>
std::string capture_log(Body &&body) {
  testing::internal::CaptureStderr();
  body();
  return testing::internal::GetCapturedStderr();
}

// How many times `needle` occurs in `text`.
inline std::size_t count_of(const std::string &text, const std::string &needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace joinery::test
