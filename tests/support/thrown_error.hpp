// The sdk::Error a plugin's code under test throws, for tests that check the status
// and the message a failure is reported with.
#pragma once

#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include <utility>

namespace joinery::test {

// Runs `body`, expecting it to throw sdk::Error, and returns that error. When it
// throws none, the test fails and the result is an ok Error with no message.
template <class Body>
sdk::Error thrown_error(Body &&body) {
  try {
    std::forward<Body>(body)();
  } catch (const sdk::Error &error) {
    return error;
  }
  ADD_FAILURE() << "no sdk::Error thrown";
  return sdk::Error(sdk::Status::ok, "");
}

}  // namespace joinery::test
